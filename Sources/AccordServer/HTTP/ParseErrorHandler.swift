import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers requests that cannot be parsed (a request line and headers over NIO's 80 KiB, a malformed request
/// line) with the API's JSON error body instead of Hummingbird's empty 400, then closes the connection.
///
/// Hummingbird writes that empty 400 in `HTTPChannelHandler.handleHTTP` when its inbound stream throws an
/// `HTTPParserError`; the only place to answer first is a channel handler between the HTTP codec and
/// Hummingbird. NIO's pipeline handler expects exactly this (after a parse error it lets one response through).
/// Only between requests, though: an error in the middle of a request's body (a broken chunk) goes on to
/// Hummingbird, which is reading that body and must see it fail rather than end.
final class ParseErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var requestOpen = false
    private var responseOpen = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head: requestOpen = true
        case .end: requestOpen = false
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch Self.unwrapOutboundIn(data) {
        case .head(let head) where head.status.kind != .informational: responseOpen = true
        case .end: responseOpen = false
        default: break
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError, !requestOpen, !responseOpen else {
            context.fireErrorCaught(error)
            return
        }
        let answer = Self.answer(to: parseError)
        var head = HTTPResponse(status: answer.status)
        head.headerFields[.contentType] = "application/json; charset=utf-8"
        head.headerFields[.cacheControl] = "no-store"
        head.headerFields[.connection] = "close"
        head.headerFields[.contentLength] = String(answer.body.readableBytes)
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(Self.wrapOutboundOut(.body(answer.body)), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
    }

    static func answer(to error: HTTPParserError) -> (status: HTTPResponse.Status, body: ByteBuffer) {
        let status: HTTPResponse.Status
        let code: String
        let message: String
        if error == .headerOverflow {
            status = .requestHeaderFieldsTooLarge
            code = "request_head_too_large"
            message = "the request line and headers must be at most 80 KiB together, and each header field 80 KiB"
        } else {
            status = .badRequest
            code = "malformed_request"
            message = "the request is not valid HTTP/1.1"
        }
        // The same shape as `APIError`; written by hand since there is no request or context to hand it.
        let body = #"{"error":{"code":"\#(code)","field":null,"message":"\#(message)"}}"#
        return (status, ByteBuffer(string: body))
    }
}
