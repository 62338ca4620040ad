// Extra coverage counters for the `bodies` harness: the server's code is linked from the debug build without
// coverage instrumentation, so the harness tells libFuzzer what each input led to (per body type: the error code
// and field it was refused with, or the shape of the value it was accepted as) through counters in the section
// libFuzzer reads as coverage. An input that reaches a new outcome is kept in the corpus.
#include <stdint.h>

__attribute__((section("__libfuzzer_extra_counters"))) static uint8_t accord_body_counters[1 << 16];

void accord_body_outcome(uint32_t hash) {
    uint8_t *counter = &accord_body_counters[hash & 0xFFFF];
    if (*counter < 255) *counter += 1;
}
