using CMesh.Chaos.Mechanisms;
using CMesh.Common.Contracts;
using CMesh.Docker.Chaos.Injection;
using CMesh.Docker.Mesh;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Chaos.Injection.Fakes;

/// <summary>
/// A mesh of a coordinator and peers that exists only in memory: every command run in a member's namespace, every
/// container action and every chaos event is written down, in order, for the test to read.
/// </summary>
internal sealed class FakeMesh : INetworkShell, IMeshMembers, IMemberLifecycle, IPeerFaultSwitch, IChaosLog
{
    private readonly Lock _gate = new();
    private readonly List<string> _actions = [];
    private readonly List<ChaosEvent> _events = [];
    private readonly Dictionary<string, MeshMember> _members;
    private readonly List<(Func<bool> Done, TaskCompletionSource Reached)> _waiters = [];

    /// <param name="nodes">Swarm nodes to deal the peers over, round robin (their cmesh.node label); none: a local mesh.</param>
    public FakeMesh(int peers, IReadOnlyList<string>? nodes = null)
    {
        var all = new List<MeshMember> { new("coordinator", "c-coordinator", null, "10.1.0.1", new Dictionary<string, string>(), true, false) };
        all.AddRange(Enumerable.Range(1, peers).Select(i =>
            new MeshMember(
                $"peer-{i}", $"c-peer-{i}", $"10.0.0.{i + 1}", $"10.1.0.{i + 1}",
                nodes is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [MeshLabels.Node] = nodes[(i - 1) % nodes.Count] },
                true,
                false)));
        _members = all.ToDictionary(m => m.Name);
        Controls = new MeshControls(this, this, this, this, this, Clock);
    }

    public static KernelCapabilities EveryKernelFeature { get; } = new(Enum.GetValues<KernelFeature>().ToHashSet());

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public MeshControls Controls { get; }

    /// <summary>A command or action on this member fails (a command whose text contains FailingText, when set).</summary>
    public string? FailingMember { get; set; }

    public string? FailingText { get; set; }

    /// <summary>Reverts on this member never finish until cancelled.</summary>
    public string? HangingMember { get; set; }

    /// <summary>What was done, one line each: "peer-2: nft …" for commands, "peer-2: kill SIGKILL" for actions.</summary>
    public IReadOnlyList<string> Actions
    {
        get
        {
            lock (_gate)
            {
                return _actions.ToList();
            }
        }
    }

    public IReadOnlyList<ChaosEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToList();
            }
        }
    }

    public string Path => "chaos.csv";

    /// <summary>Completes once that many actions were done; the timeout only stops a broken test from hanging.</summary>
    public Task UntilActionsAsync(int count) => Until(() => _actions.Count >= count);

    /// <summary>Completes once that many chaos events were recorded.</summary>
    public Task UntilEventsAsync(int count) => Until(() => _events.Count >= count);

    public async Task<string> RunAsync(MeshMember member, IReadOnlyList<string> command, CancellationToken ct)
    {
        var text = string.Join(' ', command);
        if (member.Name == HangingMember && text.Contains("delete", StringComparison.Ordinal))
        {
            Do(member, $"hangs: {text}");
            await Task.Delay(Timeout.InfiniteTimeSpan, Clock, ct);
        }

        Do(member, text);
        return "";
    }

    public Task ForgetAsync(MeshMember member, CancellationToken ct)
    {
        Do(member, "forget helper");
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MeshMember>> ReadAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<MeshMember>>(_members.Values.ToList());
        }
    }

    public Task<bool> IsRunningAsync(MeshMember member, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult(_members[member.Name].Running);
        }
    }

    public Task PauseAsync(MeshMember member, CancellationToken ct) => Lifecycle(member, "pause", m => m with { Paused = true });

    public Task UnpauseAsync(MeshMember member, CancellationToken ct) => Lifecycle(member, "unpause", m => m with { Paused = false });

    public Task KillAsync(MeshMember member, string signal, CancellationToken ct) => Lifecycle(member, $"kill {signal}", m => m with { Running = false });

    public Task StopAsync(MeshMember member, TimeSpan grace, CancellationToken ct) => Lifecycle(member, "stop", m => m with { Running = false });

    public Task StartAsync(MeshMember member, CancellationToken ct) => Lifecycle(member, "start", m => m with { Running = true });

    public Task<InAppFaultState> SetAsync(MeshMember peer, string fault, bool on, CancellationToken ct)
    {
        Do(peer, $"{(on ? "PUT" : "DELETE")} /faults/{fault}");
        return Task.FromResult(new InAppFaultState(fault, on, !on, 0));
    }

    public Uri Url(MeshMember peer, string fault) => PeerFaultSwitch.DirectUrl(peer, fault);

    public ChaosEvent Record(string @event, string faultId, string kind, string parameters, IEnumerable<string> targets, string mechanism, string detail, long? beganUnixUs = null)
    {
        var row = new ChaosEvent(Clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000, @event, faultId, kind, string.Join(' ', targets), parameters, mechanism, detail, beganUnixUs);
        lock (_gate)
        {
            _events.Add(row);
            WakeWaiters();
        }

        return row;
    }

    private Task Lifecycle(MeshMember member, string action, Func<MeshMember, MeshMember> change)
    {
        Do(member, action);
        lock (_gate)
        {
            _members[member.Name] = change(_members[member.Name]);
        }

        return Task.CompletedTask;
    }

    private void Do(MeshMember member, string action)
    {
        if (member.Name == FailingMember && (FailingText is null || action.Contains(FailingText, StringComparison.Ordinal)))
        {
            throw new ChaosCommandException(member.Name, [action], "Operation not permitted");
        }

        lock (_gate)
        {
            _actions.Add($"{member.Name}: {action.ReplaceLineEndings("; ")}");
            WakeWaiters();
        }
    }

    private Task Until(Func<bool> done)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (done())
            {
                return Task.CompletedTask;
            }

            _waiters.Add((done, reached));
        }

        return reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private void WakeWaiters()
    {
        foreach (var waiter in _waiters.Where(w => w.Done()).ToList())
        {
            _waiters.Remove(waiter);
            waiter.Reached.SetResult();
        }
    }
}
