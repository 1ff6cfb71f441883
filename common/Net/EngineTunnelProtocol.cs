namespace CMesh.Common.Net;

/// <summary>
/// How the CLI asks the coordinator for a tunnel to a node's engine through that node's agent: an HTTP upgrade of
/// <see cref="Path"/> to <see cref="Upgrade"/>, with the run's agent token as a bearer token.
/// </summary>
public static class EngineTunnelProtocol
{
    public const string Upgrade = "cmesh-engine";

    public const string Route = "/v1/agents/{address}/engine";

    public static string Path(string agentAddress) => Route.Replace("{address}", agentAddress, StringComparison.Ordinal);
}
