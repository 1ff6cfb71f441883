using System.Net;
using System.Net.Sockets;
using CMesh.Common.Net;

namespace CMesh.Coordinator.Agents;

/// <summary>
/// A swarm run's agent on one node: every TCP connection on <paramref name="port"/> (on the run's agents network,
/// the container's only one) is piped to the node's engine socket, mounted at <paramref name="socketPath"/>. It reads
/// nothing of what passes: the engine answers whatever the CLI asks through the coordinator's tunnel.
/// </summary>
public sealed class EngineSocketRelay(string socketPath, int port)
{
    public async Task RunAsync(CancellationToken ct)
    {
        using var listener = new TcpListener(IPAddress.Any, port);
        listener.Start();
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(ct);
                connections.RemoveAll(c => c.IsCompleted);
                connections.Add(RelayAsync(client, ct));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await Task.WhenAll(connections);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        {
            var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await engine.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                engine.Dispose();
                Console.Error.WriteLine($"agent: engine socket {socketPath}: {e.Message}");
                return;
            }

            await BytePipe.RunAsync(client.GetStream(), new NetworkStream(engine, ownsSocket: true), ct);
        }
    }
}
