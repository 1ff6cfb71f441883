using System.Net;
using System.Net.Sockets;
using System.Text;
using CMesh.Coordinator.Agents;
using CMesh.Docker.Swarm.Agents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CMesh.Tests.Swarm.Agents;

/// <summary>
/// The CLI's forward on 127.0.0.1, the coordinator's tunnel endpoint (real Kestrel on loopback) and an agent that
/// plays the node's engine: bytes pass both ways, the engine's end of output reaches the CLI, and a tunnel without the run's
/// token, or to an address that is no agent, never reaches the agent.
/// </summary>
public sealed class AgentTunnelTests : IAsyncDisposable
{
    private const string Token = "0123456789abcdef";

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private readonly TcpListener _agent = new(IPAddress.Loopback, 0);
    private WebApplication? _coordinator;

    public AgentTunnelTests() => _agent.Start();

    private int AgentPort => ((IPEndPoint)_agent.LocalEndpoint).Port;

    [Fact]
    public async Task Bytes_pass_both_ways_between_the_cli_and_the_agent_and_the_agent_s_end_reaches_the_cli()
    {
        using var timeout = new CancellationTokenSource(Limit);
        var ct = timeout.Token;
        using var forward = EngineTunnelForward.Start(await StartCoordinatorAsync([IPAddress.Loopback]), "127.0.0.1", Token);
        using var cli = new TcpClient();
        await cli.ConnectAsync(IPAddress.Loopback, forward.Port, ct);
        var toAgent = cli.GetStream();

        await toAgent.WriteAsync("GET /_ping HTTP/1.1\r\n\r\n"u8.ToArray(), ct);
        using var agent = await _agent.AcceptTcpClientAsync(ct);
        var atAgent = agent.GetStream();
        Assert.Equal("GET /_ping HTTP/1.1\r\n\r\n", await ReadAsync(atAgent, 23, ct));

        await atAgent.WriteAsync("HTTP/1.1 200 OK\r\n\r\nOK"u8.ToArray(), ct);
        Assert.Equal("HTTP/1.1 200 OK\r\n\r\nOK", await ReadAsync(toAgent, 21, ct));

        // The engine ending its output (a hijacked exec's) ends the CLI's read.
        await atAgent.WriteAsync("bye"u8.ToArray(), ct);
        agent.Client.Shutdown(SocketShutdown.Send);
        Assert.Equal("bye", await ReadToEndAsync(toAgent, ct));
    }

    [Fact]
    public async Task A_tunnel_with_a_wrong_token_is_refused_and_never_reaches_the_agent()
    {
        using var timeout = new CancellationTokenSource(Limit);
        using var forward = EngineTunnelForward.Start(await StartCoordinatorAsync([IPAddress.Loopback]), "127.0.0.1", "not-the-token");

        var answer = await AskAsync(forward.Port, timeout.Token);

        Assert.StartsWith("HTTP/1.1 502 Bad Gateway\r\n", answer);
        Assert.EndsWith("the coordinator refused the tunnel to the agent: HTTP/1.1 401 Unauthorized", answer);
        Assert.False(_agent.Pending());
    }

    [Fact]
    public async Task A_tunnel_to_an_address_that_is_no_agent_of_the_run_is_refused()
    {
        using var timeout = new CancellationTokenSource(Limit);
        using var forward = EngineTunnelForward.Start(await StartCoordinatorAsync([IPAddress.Parse("10.214.9.9")]), "127.0.0.1", Token);

        var answer = await AskAsync(forward.Port, timeout.Token);

        Assert.EndsWith("the coordinator refused the tunnel to the agent: HTTP/1.1 404 Not Found", answer);
        Assert.False(_agent.Pending());
    }

    [Fact]
    public async Task A_coordinator_that_does_not_answer_gives_the_client_a_502_naming_it()
    {
        using var timeout = new CancellationTokenSource(Limit);
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var nowhere = (IPEndPoint)closed.LocalEndpoint;
        closed.Stop();
        using var forward = EngineTunnelForward.Start(nowhere, "127.0.0.1", Token);

        var answer = await AskAsync(forward.Port, timeout.Token);

        Assert.StartsWith("HTTP/1.1 502 Bad Gateway\r\n", answer);
        Assert.Contains($"no tunnel through the coordinator at {nowhere}", answer);
    }

    [Fact]
    public async Task Direct_requests_to_the_endpoint_need_the_token_and_an_upgrade()
    {
        var coordinator = await StartCoordinatorAsync([IPAddress.Loopback]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{coordinator}/"), Timeout = Limit };

        using var noToken = await http.GetAsync("v1/agents/127.0.0.1/engine");
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/agents/127.0.0.1/engine");
        request.Headers.Authorization = new("Bearer", Token);
        using var noUpgrade = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noUpgrade.StatusCode);
        Assert.False(_agent.Pending());
    }

    private async Task<IPEndPoint> StartCoordinatorAsync(IReadOnlyList<IPAddress> agents)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _coordinator = builder.Build();
        AgentTunnel.Map(_coordinator, new AgentTunnel(Token, _ => Task.FromResult(agents), AgentPort, TimeProvider.System, TimeSpan.FromSeconds(2)));
        await _coordinator.StartAsync();
        var address = new Uri(_coordinator.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new IPEndPoint(IPAddress.Loopback, address.Port);
    }

    /// <summary>A Docker client's first request through the forward; the whole answer, up to the forward's close.</summary>
    private static async Task<string> AskAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, ct);
        await client.GetStream().WriteAsync("GET /v1.41/_ping HTTP/1.1\r\nHost: docker\r\n\r\n"u8.ToArray(), ct);
        return await ReadToEndAsync(client.GetStream(), ct);
    }

    private static async Task<string> ReadAsync(Stream stream, int count, CancellationToken ct)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, ct);
        return Encoding.ASCII.GetString(buffer);
    }

    private static async Task<string> ReadToEndAsync(Stream stream, CancellationToken ct)
    {
        using var all = new MemoryStream();
        await stream.CopyToAsync(all, ct);
        return Encoding.UTF8.GetString(all.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        _agent.Stop();
        if (_coordinator is not null)
        {
            await _coordinator.StopAsync();
            await _coordinator.DisposeAsync();
        }
    }
}
