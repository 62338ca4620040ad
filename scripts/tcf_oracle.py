"""Random TC strings checked against a second decoder: Python's iab-tcf (see scripts/tcf-oracle.sh).

For each of COUNT random TC strings in the JSON form of Tests/Vectors/tcf_v2_public.json (`decoded`):
`accord tcf encode` makes the string, iab-tcf decodes it and every field iab-tcf exposes is compared with
the JSON fed in, then `accord tcf decode` must give that JSON back exactly (round trip). The first mismatch
prints the seed, the string and the field, and exits 1.

    python3 scripts/tcf_oracle.py ACCORD_BIN COUNT SEED

Field layout checked against "IAB Tech Lab - Consent string and vendor list formats v2.md"
(InteractiveAdvertisingBureau/GDPR-Transparency-and-Consent-Framework, TCFv2/): the core string, the
DisclosedVendors (1), AllowedVendors (2) and PublisherTC (3) segments.
"""

import datetime
import json
import random
import subprocess
import sys
import time
import warnings
from concurrent.futures import ThreadPoolExecutor

import iab_tcf

# iab-tcf 0.2.2 reads times with datetime.utcfromtimestamp, deprecated from Python 3.12.
warnings.filterwarnings("ignore", category=DeprecationWarning)

EPOCH = datetime.datetime(1970, 1, 1)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Mismatch(Exception):
    def __init__(self, field, ours, theirs):
        message = f"{field}: expected {short(ours)}, got {short(theirs)}"
        if isinstance(ours, list) and isinstance(theirs, list) and all(isinstance(i, int) for i in ours + theirs):
            message += f" (missing {short(sorted(set(ours) - set(theirs)))}, extra {short(sorted(set(theirs) - set(ours)))})"
        super().__init__(message)


def short(value):
    text = json.dumps(value, default=str)
    return text if len(text) <= 300 else text[:300] + f"... ({len(text)} characters)"


# --- generating -----------------------------------------------------------------------------------------


def number(rng, bits):
    """A value of `bits` bits; the smallest and largest a little more often than the rest."""
    roll = rng.random()
    if roll < 0.05:
        return 0
    if roll < 0.10:
        return (1 << bits) - 1
    return rng.randrange(1 << bits)


def subset(rng, size, density=None):
    density = rng.random() if density is None else density
    return sorted(i for i in range(1, size + 1) if rng.random() < density)


def vendors(rng, largest=65535, widest=True):
    """A vendor set of 0 to a few thousand ids, shaped so that both the bitfield and the range encoding
    are chosen: empty, a few scattered ids (range), dense (bitfield), runs (range) or runs with noise."""
    shape = rng.choice(["empty", "scattered", "dense", "runs", "noisy runs", "dense", "runs"])
    if widest and rng.random() < 0.04:
        # Now and then the widest bitfield: ids up to 65535 with too many runs for the range encoding.
        return [i for i in range(1, 65535) if rng.random() < 0.5] + [65535]
    if shape == "empty":
        return []
    if shape == "scattered":
        top = rng.choice([50, 800, 5000, largest])
        return sorted(rng.sample(range(1, top + 1), rng.randint(1, min(40, top))))
    if shape == "dense":
        return subset(rng, rng.randint(1, 4000), rng.uniform(0.2, 0.95))
    ids = set()
    top = rng.choice([300, 3000, 12000, largest])
    for _ in range(rng.randint(1, 60)):
        start = rng.randint(1, top)
        ids.update(range(start, min(top, start + rng.randint(0, 150)) + 1))
    if shape == "noisy runs":
        ids.update(rng.randint(1, top) for _ in range(rng.randint(1, 200)))
    return sorted(ids)


def restrictions(rng):
    """Publisher restrictions, sorted by purpose and type as `accord tcf decode` lists them (equal pairs
    keep their order, so the wire order is that of the list); a pair now and then more than once."""
    entries = []
    for _ in range(rng.choice([0, 0, 1, 2, 3, 6])):
        # Purpose ids 1 to 24 and restriction types 0 to 2: 3 is "UNDEFINED (not used)" in the spec.
        entries.append({"purposeId": rng.randint(1, 24), "restrictionType": rng.randint(0, 2), "vendorIds": vendors(rng, widest=False)})
    if entries and rng.random() < 0.1:
        entries.append(dict(rng.choice(entries), vendorIds=vendors(rng, widest=False)))
    return sorted(entries, key=lambda entry: (entry["purposeId"], entry["restrictionType"]))


def iso(deciseconds):
    moment = EPOCH + datetime.timedelta(milliseconds=deciseconds * 100)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def tc_string(rng):
    created = number(rng, 36)
    updated = rng.choice([created, number(rng, 36)])
    custom = rng.choice([0, 0, rng.randint(1, 63), 63])
    publisher = None
    if rng.random() < 0.4:
        publisher = {
            "pubPurposesConsent": subset(rng, 24),
            "pubPurposesLITransparency": subset(rng, 24),
            "numCustomPurposes": custom,
            "customPurposesConsent": subset(rng, custom),
            "customPurposesLITransparency": subset(rng, custom),
        }
    return {
        "version": 2,
        "created": iso(created),
        "lastUpdated": iso(updated),
        "createdDeciseconds": created,
        "lastUpdatedDeciseconds": updated,
        "cmpId": number(rng, 12),
        "cmpVersion": number(rng, 12),
        "consentScreen": number(rng, 6),
        "consentLanguage": rng.choice(LETTERS) + rng.choice(LETTERS),
        "vendorListVersion": number(rng, 12),
        "tcfPolicyVersion": number(rng, 6),
        "isServiceSpecific": rng.random() < 0.5,
        "useNonStandardTexts": rng.random() < 0.5,
        "specialFeatureOptIns": subset(rng, 12),
        "purposesConsent": subset(rng, 24),
        "purposesLITransparency": subset(rng, 24),
        "purposeOneTreatment": rng.random() < 0.5,
        "publisherCC": rng.choice(LETTERS) + rng.choice(LETTERS),
        "vendorConsents": vendors(rng),
        "vendorLegitimateInterests": vendors(rng),
        "publisherRestrictions": restrictions(rng),
        "disclosedVendors": vendors(rng, largest=5000, widest=False) if rng.random() < 0.5 else None,
        "allowedVendors": vendors(rng, largest=5000, widest=False) if rng.random() < 0.2 else None,
        "publisherTC": publisher,
    }


# --- comparing ------------------------------------------------------------------------------------------


class Comparison:
    def __init__(self):
        self.fields = 0
        self.encodings = {"bitfield": 0, "range": 0}

    def same(self, field, ours, theirs):
        self.fields += 1
        if ours != theirs:
            raise Mismatch(field, ours, theirs)

    def bits(self, field, expected, bitfield, size):
        """An iab-tcf bitfield ({position: bool} for positions 1...size) against a sorted id list."""
        self.same(field + " (length)", size, len(bitfield))
        self.same(field, expected, sorted(i for i, bit in bitfield.items() if bit))

    def vendor_section(self, field, expected, max_id, is_range, bitfield, ranges):
        """A vendor section: MaxVendorId is the largest id; the encoding is the shorter one (the spec:
        "Encoding logic should choose the encoding scheme that results in the smaller output size"); range
        entries are ascending and disjoint; the ids are those fed in."""
        self.same(field + ".maxVendorId", max(expected, default=0), max_id)
        # The range's length against the bitfield's (MaxVendorId bits); on a tie either is right.
        range_length = range_bits(expected)
        shorter = is_range if range_length == max_id else range_length < max_id
        self.same(field + ".isRangeEncoding (the shorter)", shorter, is_range)
        self.encodings["range" if is_range else "bitfield"] += 1
        if is_range:
            # Our encoder writes each maximal run once, ascending: entries never overlap or touch.
            for (start, end), (next_start, _) in zip(ranges, ranges[1:]):
                self.same(field + ".range entries ascending and apart", True, start <= end and end + 1 < next_start)
            self.same(field, expected, sorted(i for start, end in ranges for i in range(start, end + 1)))
        else:
            self.bits(field, expected, bitfield, max_id)


def range_bits(ids):
    """The bit length of the range encoding of `ids`: NumEntries, then per run IsARange and one or two ids."""
    length, run_start = 12, None
    for index, vendor in enumerate(ids):
        run_start = vendor if run_start is None else run_start
        if index + 1 == len(ids) or ids[index + 1] != vendor + 1:
            length += 33 if vendor > run_start else 17
            run_start = None
    return length


def check_with_iab_tcf(expected, text, comparison):
    consent = iab_tcf.decode_v2(text)
    same = comparison.same
    same("version", expected["version"], consent.version)
    # iab-tcf keeps whole seconds only (Reader.read_time: int(deciseconds / 10), then utcfromtimestamp),
    # where the spec's Created and LastUpdated are epoch deciseconds: the tenths are left to the round trip.
    for name in ["created", "lastUpdated"]:
        seconds = expected[name + "Deciseconds"] // 10
        theirs = consent.created if name == "created" else consent.last_updated
        same(name + " (seconds)", EPOCH + datetime.timedelta(seconds=seconds), theirs)
    same("cmpId", expected["cmpId"], consent.cmp_id)
    same("cmpVersion", expected["cmpVersion"], consent.cmp_version)
    same("consentScreen", expected["consentScreen"], consent.consent_screen)
    same("consentLanguage", expected["consentLanguage"], consent.consent_language.decode("ascii"))
    same("vendorListVersion", expected["vendorListVersion"], consent.vendor_list_version)
    same("tcfPolicyVersion", expected["tcfPolicyVersion"], consent.tcf_policy_version)
    same("isServiceSpecific", expected["isServiceSpecific"], consent.is_service_specific)
    # The spec's UseNonStandardStacks, renamed UseNonStandardTexts in TCF v2.2: the same bit.
    same("useNonStandardTexts", expected["useNonStandardTexts"], consent.use_non_standard_stacks)
    comparison.bits("specialFeatureOptIns", expected["specialFeatureOptIns"], consent.special_features_optin, 12)
    comparison.bits("purposesConsent", expected["purposesConsent"], consent.purposes_consent, 24)
    comparison.bits("purposesLITransparency", expected["purposesLITransparency"], consent.purposes_legitimate_interests, 24)
    same("purposeOneTreatment", expected["purposeOneTreatment"], consent.purpose_one_treatment)
    same("publisherCC", expected["publisherCC"], consent.publisher_cc.decode("ascii"))
    comparison.vendor_section(
        "vendorConsents", expected["vendorConsents"], consent.max_consent_vendor_id, consent.is_consent_range_encoding,
        getattr(consent, "consented_vendors", None), getattr(consent, "consented_vendors_range", None))
    comparison.vendor_section(
        "vendorLegitimateInterests", expected["vendorLegitimateInterests"], consent.max_interests_vendor_id,
        consent.is_interests_range_encoding, getattr(consent, "interests_vendors", None),
        getattr(consent, "interests_vendors_range", None))
    restrictions = consent.pub_restriction_entries
    same("publisherRestrictions (count)", len(expected["publisherRestrictions"]), len(restrictions))
    for index, (ours, theirs) in enumerate(zip(expected["publisherRestrictions"], restrictions)):
        field = f"publisherRestrictions[{index}]"
        same(field + ".purposeId", ours["purposeId"], theirs.purpose_id)
        same(field + ".restrictionType", ours["restrictionType"], theirs.restriction_type)
        # Restriction vendor lists are always range entries (no MaxVendorId, no encoding bit).
        ids = sorted(i for start, end in theirs.restrictions_range for i in range(start, end + 1))
        same(field + ".vendorIds", ours["vendorIds"], ids)
    # iab-tcf reads the three optional segments in any order into these attributes, absent when missing.
    # It exposes neither MaxVendorId nor the encoding of these two segments.
    for name, attribute in [("disclosedVendors", "oob_disclosed_vendors"), ("allowedVendors", "oob_allowed_vendors")]:
        theirs = getattr(consent, attribute, None)
        same(name, expected[name], None if theirs is None else sorted(i for i, bit in theirs.items() if bit))
    ours, theirs = expected["publisherTC"], getattr(consent, "publisher_tc", None)
    same("publisherTC (present)", ours is not None, theirs is not None)
    if ours is not None:
        comparison.bits("publisherTC.pubPurposesConsent", ours["pubPurposesConsent"], theirs.purposes_consent, 24)
        comparison.bits(
            "publisherTC.pubPurposesLITransparency", ours["pubPurposesLITransparency"], theirs.purposes_lit_transparency, 24)
        # NumCustomPurposes is not kept by iab-tcf; it is the length of both custom bitfields.
        custom = ours["numCustomPurposes"]
        comparison.bits("publisherTC.customPurposesConsent", ours["customPurposesConsent"], theirs.custom_purposes_consent, custom)
        comparison.bits(
            "publisherTC.customPurposesLITransparency", ours["customPurposesLITransparency"],
            theirs.custom_purposes_lit_transparency, custom)


def check_round_trip(expected, decoded, comparison):
    comparison.same("round trip: fields", sorted(expected), sorted(decoded))
    for name in sorted(expected):
        comparison.same("round trip: " + name, expected[name], decoded[name])


# --- running --------------------------------------------------------------------------------------------


def run(accord, arguments, stdin=None):
    result = subprocess.run([accord, *arguments], input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise Mismatch(f"accord {' '.join(arguments[:2])} exit status", 0, f"{result.returncode}: {result.stderr.strip()}")
    return result.stdout.strip()


def encode_and_decode(accord, document):
    text = run(accord, ["tcf", "encode"], stdin=json.dumps(document))
    return text, json.loads(run(accord, ["tcf", "decode", text]))


def main():
    accord, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    print(f"tcf-oracle: {count} random TC strings, seed {seed} (rerun with TCF_ORACLE_SEED={seed})", flush=True)
    rng = random.Random(seed)
    documents = [tc_string(rng) for _ in range(count)]
    started = time.monotonic()
    comparison, round_trip = Comparison(), Comparison()
    segments = {"disclosedVendors": 0, "allowedVendors": 0, "publisherTC": 0, "publisherRestrictions": 0}
    lengths = []
    # Two processes at a time: each is a short-lived accord process.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for index, (document, future) in enumerate(zip(documents, [pool.submit(encode_and_decode, accord, d) for d in documents])):
            text = "(not encoded)"
            try:
                text, decoded = future.result()
                lengths.append(len(text))
                check_with_iab_tcf(document, text, comparison)
                check_round_trip(document, decoded, round_trip)
            except Exception as error:  # noqa: BLE001 - any failure is reported with what reproduces it
                print(f"FAIL: string {index + 1} of {count}, seed {seed}", file=sys.stderr)
                print(f"  string: {text}", file=sys.stderr)
                print(f"  input:  {short(document)}", file=sys.stderr)
                print(f"  {type(error).__name__ if not isinstance(error, Mismatch) else 'field'} {error}", file=sys.stderr)
                sys.exit(1)
            for name in segments:
                segments[name] += bool(document[name])
    encodings = comparison.encodings
    if not (encodings["bitfield"] and encodings["range"]):
        print(f"FAIL: seed {seed} did not produce both vendor encodings: {encodings}", file=sys.stderr)
        sys.exit(1)
    print(
        f"tcf-oracle: ok: {count} strings ({min(lengths)} to {max(lengths)} characters) in {time.monotonic() - started:.1f} s: "
        f"{comparison.fields:,} fields agree with iab-tcf {iab_tcf_version()}, {round_trip.fields:,} with accord tcf decode; "
        f"vendor sections: {encodings['bitfield']} bitfield, {encodings['range']} range; with publisher restrictions "
        f"{segments['publisherRestrictions']}, disclosed vendors {segments['disclosedVendors']}, allowed vendors "
        f"{segments['allowedVendors']}, publisher TC {segments['publisherTC']}")


def iab_tcf_version():
    from importlib.metadata import version

    return version("iab-tcf")


if __name__ == "__main__":
    main()
