using System.Diagnostics;
using CMesh.Docker.Engine;
using CMesh.Docker.Swarm;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// A Docker Swarm of K nodes on this machine for a collection of test classes: docker/swarm-nodes.sh up K (the host's
/// engine as manager, K-1 dockerds in network namespaces cmesh-n2… as workers), and down afterwards, which leaves the
/// host's engine out of any swarm. Without root, nsenter, unshare, iptables or dockerd the classes are skipped, saying
/// which. The swarm is the host's one: while the fixture holds it, it holds <see cref="LockPath"/> (flock), so a
/// second test process, or a person running `flock /run/lock/cmesh-swarm.lock cmesh run … --runner swarm`, waits.
/// </summary>
public abstract class LocalSwarm(int nodes) : IAsyncLifetime
{
    public int Nodes { get; } = nodes;

    public const string LockPath = "/run/lock/cmesh-swarm.lock";

    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(30);

    private FileStream? _lock;

    private static readonly string Script = Path.Combine(Shell.RepositoryRoot, "docker", "swarm-nodes.sh");

    /// <summary>Why the swarm cannot be built on this host; null when it can.</summary>
    public string? SkipReason { get; } = Environment.UserName != "root"
        ? "building a swarm of engines in network namespaces needs root"
        : HostTools.Missing("ip", "nsenter", "unshare", "iptables", "dockerd", "docker");

    /// <summary>What up printed, and how long it took.</summary>
    public CommandResult? Up { get; private set; }

    public TimeSpan UpTook { get; private set; }

    /// <summary>The host's engine: the swarm's manager.</summary>
    public DockerEngineClient Manager { get; } = DockerEngineClient.FromEnvironment();

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        _lock = await HoldLockAsync();

        // Leftovers of a killed earlier run would make up refuse; down removes only what the script makes.
        await RunScriptAsync("down");
        var took = Stopwatch.StartNew();
        Up = await RunScriptAsync("up", Nodes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        UpTook = took.Elapsed;
    }

    public async Task DisposeAsync()
    {
        Manager.Dispose();
        // Without the lock the swarm up is another process's: never take it down.
        if (SkipReason is null && _lock is not null)
        {
            var down = await RunScriptAsync("down");
            _lock?.Dispose();
            Assert.True(down.ExitCode == 0, down.ToString());
        }
    }

    /// <summary>Skips the test when the swarm cannot be built here; fails it when up failed.</summary>
    public void Require()
    {
        Skip.If(SkipReason is not null, SkipReason);
        Assert.True(Up is { ExitCode: 0 }, $"docker/swarm-nodes.sh up {Nodes} failed: {Up}");
    }

    /// <summary>Each node with a client of its own engine (the manager's is <see cref="Manager"/>, not to be disposed).</summary>
    public async Task<IReadOnlyList<(SwarmNode Node, IDockerEngine Engine)>> NodeEnginesAsync(CancellationToken ct)
    {
        var membership = await Manager.Swarm.MembershipAsync(ct);
        var nodes = await Manager.Swarm.NodesAsync(ct);
        return nodes.Select(n => (n, NodeEndpoints.Open(
            NodeEndpoints.Of(n, membership) ?? throw new InvalidOperationException($"node {n.Hostname} has no {SwarmLabels.Engine} label"), Manager))).ToList();
    }

    /// <summary>An exclusive flock on <see cref="LockPath"/> (what FileShare.None takes on Linux), waited for.</summary>
    private static async Task<FileStream> HoldLockAsync()
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockWait)
            {
                // Often: a blocked `flock` in a shell is woken the moment the lock is free, and would win every time.
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    private static Task<CommandResult> RunScriptAsync(params string[] arguments) =>
        Shell.RunAsync(Script, arguments, null, TimeSpan.FromMinutes(3));
}
