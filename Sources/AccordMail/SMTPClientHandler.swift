import NIOCore

/// A command to write (nil for none: waiting for the greeting) and the promise its reply completes.
struct SMTPRequest: Sendable {
    var bytes: ByteBuffer?
    var promise: EventLoopPromise<SMTPResponse>
}

/// Pairs replies with commands in order (SMTP without pipelining: one outstanding command). A reply that comes
/// before anyone asks (the greeting) waits for the first request. Each request has a deadline: when it passes,
/// every waiter fails with `timedOut` and the connection is closed.
final class SMTPClientHandler: ChannelDuplexHandler {
    typealias InboundIn = SMTPResponse
    typealias OutboundIn = SMTPRequest
    typealias OutboundOut = ByteBuffer

    private let timeout: TimeAmount
    private var waiting: [(promise: EventLoopPromise<SMTPResponse>, deadline: Scheduled<Void>)] = []
    private var unclaimed: [SMTPResponse] = []
    private var closedError: (any Error)?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let closedError {
            request.promise.fail(closedError)
            promise?.fail(closedError)
            return
        }
        if !unclaimed.isEmpty {
            request.promise.succeed(unclaimed.removeFirst())
        } else {
            let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            let loopSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
            let deadline = context.eventLoop.scheduleTask(in: timeout) {
                loopSelf.value.failAll(MailDeliveryFailure.timedOut)
                loopContext.value.close(promise: nil)
            }
            waiting.append((request.promise, deadline))
        }
        if let bytes = request.bytes {
            context.write(wrapOutboundOut(bytes), promise: promise)
        } else {
            promise?.succeed(())
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let response = unwrapInboundIn(data)
        guard !waiting.isEmpty else {
            unclaimed.append(response)
            return
        }
        let first = waiting.removeFirst()
        first.deadline.cancel()
        first.promise.succeed(response)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(MailDeliveryFailure.connectionClosed)
        context.fireChannelInactive()
    }

    private func failAll(_ error: any Error) {
        if closedError == nil { closedError = error }
        let pending = waiting
        waiting = []
        for waiter in pending {
            waiter.deadline.cancel()
            waiter.promise.fail(error)
        }
    }
}
