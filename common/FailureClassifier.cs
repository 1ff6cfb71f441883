using System.Net;
using System.Net.Sockets;
using CMesh.Common.Contracts;

namespace CMesh.Common;

/// <summary>Names the failure mode behind a network exception, looking through its inner exceptions.</summary>
public static class FailureClassifier
{
    public static FailureKind Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException socket:
                    return Classify(socket.SocketErrorCode);
                case HttpRequestException { StatusCode: { } status } when (int)status >= 400:
                    return FailureKind.Rejected;
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                    return FailureKind.Dns;
                case TimeoutException or OperationCanceledException:
                    return FailureKind.Timeout;
                case EndOfStreamException:
                    return FailureKind.Closed;
            }
        }

        return exception is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse } or IOException
            ? FailureKind.Closed
            : FailureKind.Other;
    }

    public static FailureKind Classify(SocketError error) => error switch
    {
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData or SocketError.NoRecovery => FailureKind.Dns,
        SocketError.ConnectionRefused => FailureKind.Refused,
        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown or SocketError.HostDown => FailureKind.Unreachable,
        SocketError.TimedOut => FailureKind.Timeout,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected => FailureKind.Closed,
        _ => FailureKind.Other,
    };

    /// <summary>The innermost message, which is the one that says what went wrong ("Connection refused").</summary>
    public static string Describe(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null && e is HttpRequestException or AggregateException)
        {
            e = e.InnerException;
        }

        return exception is HttpRequestException { StatusCode: { } status } ? $"HTTP {(int)status} {status}" : e.Message;
    }
}
