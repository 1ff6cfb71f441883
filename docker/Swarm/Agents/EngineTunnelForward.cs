using System.Net;
using System.Net.Sockets;
using System.Text;
using CMesh.Common.Net;

namespace CMesh.Docker.Swarm.Agents;

/// <summary>
/// A port on 127.0.0.1 whose every connection is tunnelled through the coordinator's published port to one agent,
/// and through it to its node's engine: that node's engine endpoint for the CLI (<see cref="Endpoint"/>). A tunnel
/// the coordinator refuses answers the client with 502 and the coordinator's status line.
/// </summary>
public sealed class EngineTunnelForward : IDisposable
{
    private const int HeadLimit = 16 * 1024;

    private readonly TcpListener _listener;
    private readonly IPEndPoint _coordinator;
    private readonly byte[] _request;
    private readonly CancellationTokenSource _stopping = new();

    private EngineTunnelForward(IPEndPoint coordinator, string agentAddress, string token)
    {
        _coordinator = coordinator;
        _request = Encoding.ASCII.GetBytes(
            $"GET {EngineTunnelProtocol.Path(agentAddress)} HTTP/1.1\r\nHost: {coordinator}\r\nConnection: Upgrade\r\nUpgrade: {EngineTunnelProtocol.Upgrade}\r\nAuthorization: Bearer {token}\r\n\r\n");
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _ = AcceptAsync(_stopping.Token);
    }

    /// <param name="coordinator">The coordinator's published port, on the CLI's machine.</param>
    /// <param name="agentAddress">The agent's address on the run's agents network.</param>
    public static EngineTunnelForward Start(IPEndPoint coordinator, string agentAddress, string token) => new(coordinator, agentAddress, token);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Endpoint => $"tcp://127.0.0.1:{Port}";

    private async Task AcceptAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(ct);
                _ = TunnelAsync(client, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && ct.IsCancellationRequested)
        {
            // Disposed: the open tunnels end with the same token.
        }
    }

    private async Task TunnelAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        {
            try
            {
                await ConnectAndPipeAsync(client, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Disposed while the tunnel opened.
            }
        }
    }

    private async Task ConnectAndPipeAsync(TcpClient client, CancellationToken ct)
    {
        using var coordinator = new TcpClient();
        string status;
        try
        {
            await coordinator.ConnectAsync(_coordinator, ct);
            await coordinator.GetStream().WriteAsync(_request, ct);
            status = await ReadHeadAsync(coordinator.GetStream(), ct);
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
        {
            await RefuseAsync(client.GetStream(), $"no tunnel through the coordinator at {_coordinator}: {e.Message}", ct);
            return;
        }

        if (!status.StartsWith("HTTP/1.1 101 ", StringComparison.Ordinal))
        {
            await RefuseAsync(client.GetStream(), $"the coordinator refused the tunnel to the agent: {status}", ct);
            return;
        }

        await BytePipe.RunAsync(client.GetStream(), coordinator.GetStream(), ct);
    }

    /// <summary>The response's status line, its head read to its end and no further: what follows is the engine's.</summary>
    private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, ct) == 0 || head.Count > HeadLimit)
            {
                throw new InvalidDataException("the coordinator ended the tunnel's answer early");
            }

            head.Add(one[0]);
        }

        var text = Encoding.ASCII.GetString(head.ToArray());
        return text[..text.IndexOf('\r')];
    }

    private static async Task RefuseAsync(Stream client, string message, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        try
        {
            await client.WriteAsync(head, ct);
            await client.WriteAsync(body, ct);
        }
        catch (IOException)
        {
            // The client has gone already.
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
    }
}
