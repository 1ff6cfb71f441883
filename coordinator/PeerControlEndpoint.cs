using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Coordinator;

/// <summary>Where a registered peer serves its control API (/state, /clock, /faults), or the error the coordinator answers instead.</summary>
public static class PeerControlEndpoint
{
    /// <param name="path">What the caller asks of the peer, for the error.</param>
    /// <returns>The peer's ip:port, or null with the answer to give instead (404: never registered; 502: no endpoint said).</returns>
    public static (string? Endpoint, IResult? Failure) Find(MeshRegistry registry, string peerId, string path) =>
        registry.Find(peerId) is not { } peer ? (null, Error(StatusCodes.Status404NotFound, $"no peer {peerId} has registered"))
        : (peer.IntrospectionEndpoint ?? peer.Health?.IntrospectionEndpoint) is { } endpoint ? (endpoint, null)
        : (null, Error(StatusCodes.Status502BadGateway, $"{peerId} has not said where it serves {path}"));

    public static IResult Error(int status, string message) =>
        Results.Json(new ErrorAnswer(message), CMeshJsonContext.Default.ErrorAnswer, statusCode: status);
}
