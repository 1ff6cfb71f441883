using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Common.Net;
using Microsoft.AspNetCore.Http.Features;

namespace CMesh.Coordinator.Agents;

/// <summary>
/// GET /v1/agents/{address}/engine with Connection: Upgrade: after the run's agent token, the connection becomes a byte
/// pipe to the agent at that address on the agents network, and through it to that node's engine. The CLI reaches
/// only the coordinator's published port; the agents network reaches every node. Only an address the agents' service
/// name resolves to is accepted, so the tunnel leads to an agent and nowhere else.
/// </summary>
/// <param name="token">The run's agent token; null when the run has no agents (every request is then refused).</param>
/// <param name="agents">The addresses of the run's agents now.</param>
public sealed class AgentTunnel(string? token, Func<CancellationToken, Task<IReadOnlyList<IPAddress>>> agents, int agentPort, TimeProvider clock, TimeSpan connectTimeout)
{
    public static void Map(IEndpointRouteBuilder app, AgentTunnel tunnel) =>
        app.MapGet(EngineTunnelProtocol.Route, (HttpContext http, string address) => tunnel.OpenAsync(http, address));

    /// <summary>The agents' service alias on the agents network: with DNS round robin it resolves to every agent's address.</summary>
    public static async Task<IReadOnlyList<IPAddress>> ResolveAsync(string alias, CancellationToken ct)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(alias, ct);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    private async Task OpenAsync(HttpContext http, string address)
    {
        var ct = http.RequestAborted;
        if (token is null)
        {
            await RefuseAsync(http, StatusCodes.Status404NotFound, "this run has no agents");
            return;
        }

        if (!Authorized(http.Request.Headers.Authorization.ToString(), token))
        {
            await RefuseAsync(http, StatusCodes.Status401Unauthorized, "a tunnel to an agent needs the run's agent token");
            return;
        }

        if (!IPAddress.TryParse(address, out var agent) || !(await agents(ct)).Contains(agent))
        {
            await RefuseAsync(http, StatusCodes.Status404NotFound, $"no agent of this run at {address}");
            return;
        }

        if (http.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true } upgrade)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, $"a tunnel is asked for with Connection: Upgrade and Upgrade: {EngineTunnelProtocol.Upgrade}");
            return;
        }

        var relay = new TcpClient();
        try
        {
            using var unanswered = new CancellationTokenSource(connectTimeout, clock);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, unanswered.Token);
            await relay.ConnectAsync(agent, agentPort, limit.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            relay.Dispose();
            await RefuseAsync(http, StatusCodes.Status502BadGateway, $"the agent at {address}:{agentPort} does not answer: {e.Message}");
            return;
        }

        using (relay)
        {
            http.Response.Headers.Upgrade = EngineTunnelProtocol.Upgrade;
            var client = await upgrade.UpgradeAsync();
            await BytePipe.RunAsync(client, relay.GetStream(), ct);
        }
    }

    private static bool Authorized(string header, string expected)
    {
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.Ordinal)
               && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..]), Encoding.UTF8.GetBytes(expected));
    }

    private static Task RefuseAsync(HttpContext http, int status, string message) =>
        Results.Json(new ErrorAnswer(message), CMeshJsonContext.Default.ErrorAnswer, statusCode: status).ExecuteAsync(http);
}
