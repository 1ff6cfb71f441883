using System.Collections.Concurrent;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Runs commands in a member's network namespace the way pumba does: a small helper container from our base image
/// joins the member's namespace (network mode container:ID) with NET_ADMIN and idles, and commands run in it by
/// exec. Peers themselves stay unprivileged. One helper per member, made on first use on the engine that holds the
/// member (its swarm node's) and removed on dispose; each carries the run's labels, so `cmesh stop` and `cmesh clean`
/// remove any a killed CLI left behind.
/// </summary>
public sealed class HelperContainers(MemberEngines engines, string runId, string image, TimeProvider clock) : INetworkShell, IAsyncDisposable
{
    public const string HelperRole = "chaos-helper";

    private static readonly TimeSpan RemovalLimit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Lazy<Task<Helper>>> _helpers = new();

    // One command at a time per member, so that removing a fault's chain never races another fault's adding one.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _turns = new();

    public async Task<string> RunAsync(MeshMember member, IReadOnlyList<string> command, CancellationToken ct)
    {
        var helper = await _helpers.GetOrAdd(member.Name, _ => new Lazy<Task<Helper>>(() => StartAsync(member, ct))).Value;
        var turn = _turns.GetOrAdd(member.Name, _ => new SemaphoreSlim(1));
        await turn.WaitAsync(ct);
        ExecResult result;
        try
        {
            result = await helper.Containers.ExecAsync(helper.Id, command, ct);
        }
        finally
        {
            turn.Release();
        }

        return result.ExitCode == 0
            ? result.StdOut
            : throw new ChaosCommandException(member.Name, command, result.StdErr.Length > 0 ? result.StdErr : result.StdOut);
    }

    public async Task ForgetAsync(MeshMember member, CancellationToken ct)
    {
        if (_helpers.TryRemove(member.Name, out var helper) && helper.IsValueCreated && helper.Value.IsCompletedSuccessfully)
        {
            await helper.Value.Result.RemoveAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(RemovalLimit, clock);
        foreach (var helper in _helpers.Values.Where(h => h.IsValueCreated && h.Value.IsCompletedSuccessfully))
        {
            await helper.Value.Result.RemoveAsync(limit.Token);
        }

        _helpers.Clear();
    }

    private async Task<Helper> StartAsync(MeshMember member, CancellationToken ct)
    {
        var containers = engines.For(member).Containers;
        var name = RunId.ContainerName(runId, $"chaos-{member.Name}");
        await containers.RemoveAsync(name, force: true, ct);
        var id = await containers.CreateAsync(
            new ContainerSpec
            {
                Name = name,
                Image = image,
                Command = ["sleep", "infinity"],
                Labels = new Dictionary<string, string>(MeshLabels.ForRun(runId)) { [MeshLabels.Role] = HelperRole, [MeshLabels.Peer] = member.Name },
                NetworkMode = $"container:{member.ContainerId}",
                CapDrop = ["ALL"],
                CapAdd = ["NET_ADMIN"],
                Init = true,
            },
            ct);
        await containers.StartAsync(id, ct);
        return new Helper(containers, id);
    }

    private sealed record Helper(IDockerContainers Containers, string Id)
    {
        public Task RemoveAsync(CancellationToken ct) => Containers.RemoveAsync(Id, force: true, ct);
    }
}
