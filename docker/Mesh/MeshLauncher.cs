using CMesh.Docker.Coordinator;
using CMesh.Docker.Engine;
using CMesh.Docker.Results;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Docker.Mesh;

/// <summary>
/// Brings a mesh up: a control network (coordinator, heartbeats, plan) and a data network (peer-to-peer sync) so
/// that faults on the data network never cut the harness off; then the coordinator, then the peers in parallel.
/// </summary>
public sealed class MeshLauncher(IDockerEngine engine, TimeProvider clock) : IMeshLauncher
{
    public async Task<RunningMesh> StartAsync(RunRequest request, IProgress<MeshProgress> progress, CancellationToken ct)
    {
        var startedAt = clock.GetUtcNow();
        progress.Report(new MeshProgress("networks", 0, 2));
        await engine.Networks.CreateAsync(MeshSpecs.ControlNetwork(request.RunId), ct);
        await engine.Networks.CreateAsync(MeshSpecs.DataNetwork(request.RunId), ct);
        var dataSubnet = await DataSubnetAsync(request.RunId, ct);
        progress.Report(new MeshProgress("networks", 2, 2));

        var mounts = MeshSpecs.Mounts(request);
        progress.Report(new MeshProgress("coordinator", 0, 1));
        var coordinatorSpec = MeshSpecs.Coordinator(request, mounts);
        var (coordinatorId, coordinatorPort) = await StartCoordinatorAsync(coordinatorSpec, ct);

        // The peers start while the coordinator warms up (they retry their registration until it answers), so the
        // coordinator's start-up is not paid before the first peer's.
        using var peersStarting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var peers = StartPeersAsync(request, dataSubnet, mounts, progress, peersStarting.Token);
        try
        {
            await WaitUntilHealthyAsync(coordinatorId, coordinatorSpec.Name, coordinatorPort, ct);
        }
        catch
        {
            await peersStarting.CancelAsync();
            await peers.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }

        progress.Report(new MeshProgress("coordinator", 1, 1));
        var peerIds = await peers;
        return new RunningMesh(request.RunId, dataSubnet, coordinatorPort, peerIds, startedAt, RunnerRecord.Local);
    }

    /// <summary>The address range of the run's data network, which peers dial each other on.</summary>
    public async Task<string> DataSubnetAsync(string runId, CancellationToken ct)
    {
        var data = MeshSpecs.DataNetwork(runId).Name;
        return (await engine.Networks.InspectAsync(data, ct))?.Subnets.FirstOrDefault()
            ?? throw new InvalidOperationException($"network {data} has no subnet");
    }

    /// <summary>Creates and starts every peer, <see cref="RunRequest.StartParallelism"/> at a time, once the networks and the coordinator are up.</summary>
    public Task<IReadOnlyList<string>> StartPeersAsync(
        RunRequest request, string dataSubnet, IReadOnlyList<BindMount> mounts, IProgress<MeshProgress> progress, CancellationToken ct) =>
        StartEachPeerAsync(
            request,
            progress,
            async (peerId, token) =>
            {
                var id = await engine.Containers.CreateAsync(MeshSpecs.Peer(request, peerId, dataSubnet, mounts), token);
                await engine.Containers.StartAsync(id, token);
            },
            ct);

    /// <summary>Runs <paramref name="start"/> for every peer of the plan, <see cref="RunRequest.StartParallelism"/> at a time, reporting each one started.</summary>
    public static async Task<IReadOnlyList<string>> StartEachPeerAsync(
        RunRequest request, IProgress<MeshProgress> progress, Func<string, CancellationToken, Task> start, CancellationToken ct)
    {
        var peerIds = MeshSpecs.PeerIds(request.Plan.Peers);
        var started = 0;
        progress.Report(new MeshProgress("peers", 0, peerIds.Count));
        await Parallel.ForEachAsync(
            peerIds,
            new ParallelOptions { MaxDegreeOfParallelism = request.StartParallelism, CancellationToken = ct },
            async (peerId, token) =>
            {
                await start(peerId, token);
                progress.Report(new MeshProgress("peers", Interlocked.Increment(ref started), peerIds.Count));
            });
        return peerIds;
    }

    private async Task<(string Id, int Port)> StartCoordinatorAsync(ContainerSpec spec, CancellationToken ct)
    {
        var id = await engine.Containers.CreateAsync(spec, ct);
        await engine.Containers.StartAsync(id, ct);
        var info = await engine.Containers.InspectAsync(id, ct);
        var port = info?.PublishedTcpPorts.GetValueOrDefault(Env.CoordinatorPort)
            ?? throw new InvalidOperationException("the coordinator's status port was not published");
        return (id, port);
    }

    private async Task WaitUntilHealthyAsync(string id, string name, int port, CancellationToken ct)
    {
        using var api = CoordinatorApi.At(port);
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (!await api.IsHealthyAsync(ct))
        {
            if (clock.GetUtcNow() > deadline || (await engine.Containers.InspectAsync(id, ct))?.Running != true)
            {
                throw new InvalidOperationException($"the coordinator did not come up; see `docker logs {name}`");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, ct);
        }
    }
}
