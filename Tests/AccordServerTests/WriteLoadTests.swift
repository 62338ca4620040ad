import AccordServer
import Testing

@Suite struct WriteLoadTests {
    let start = ContinuousClock.now

    @Test func theBusyShareCountsTheCommitsOfTheLastWindowOnly() {
        let load = WriteLoad(window: .seconds(1), slots: 10, reference: start)
        #expect(load.utilisation(at: start) == 0)
        load.record(.milliseconds(300), endingAt: start + .milliseconds(50))
        load.record(.milliseconds(200), endingAt: start + .milliseconds(650))
        #expect(abs(load.utilisation(at: start + .milliseconds(900)) - 0.5) < 1e-9)
        // 1.05 s later the first slot has left the window; at 1.7 s both have.
        #expect(abs(load.utilisation(at: start + .milliseconds(1050)) - 0.2) < 1e-9)
        #expect(load.utilisation(at: start + .milliseconds(1700)) == 0)
    }

    @Test func aSlotReusedByALaterPeriodStartsFromNothing() {
        let load = WriteLoad(window: .seconds(1), slots: 10, reference: start)
        load.record(.milliseconds(400), endingAt: start + .milliseconds(120))
        load.record(.milliseconds(100), endingAt: start + .milliseconds(2120))
        #expect(abs(load.utilisation(at: start + .milliseconds(2150)) - 0.1) < 1e-9)
    }
}

@Suite struct DeliveryYieldTests {
    let policy = DeliveryYield(load: WriteLoad(), maximum: .milliseconds(200), threshold: 0.25, step: .milliseconds(50))

    @Test func aWorkerWaitsWhileTheWriterIsBusyAndNeverWhenItIsNot() {
        var progress = DeliveryYield.Progress()
        let idle = progress.shouldWait(policy, utilisation: 0.1)
        #expect(!idle && progress.waited == .zero, "an idle writer costs no wait")
        let busy = progress.shouldWait(policy, utilisation: 0.9)
        #expect(busy && progress.waited == .milliseconds(50))
    }

    @Test func afterWaitingTheMaximumItCatchesUpUntilTheBacklogIsOut() {
        var progress = DeliveryYield.Progress()
        var waits = 0
        while progress.shouldWait(policy, utilisation: 1) { waits += 1 }
        #expect(waits == 4, "200 ms in steps of 50 ms")
        #expect(progress.catchingUp)
        let more = progress.shouldWait(policy, utilisation: 1)
        #expect(!progress.wouldWait(policy, utilisation: 1) && !more, "sending while busy")
        progress.backlogOut()
        #expect(!progress.catchingUp && progress.waited == .zero)
        #expect(progress.wouldWait(policy, utilisation: 1), "a later busy spell may wait again")
    }
}
