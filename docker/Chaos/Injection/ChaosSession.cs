using CMesh.Chaos.Faults;
using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Targets;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Everything one CLI invocation does to one run's mesh: it probes the kernel once, applies faults to targets it
/// selects, records each start, action and end in the run's chaos.csv, and on dispose ends whatever is still in
/// force (under its own time limit, so Ctrl-C cannot leave a rule behind) and removes its helper containers.
/// </summary>
public sealed class ChaosSession : IAsyncDisposable
{
    private readonly MeshControls _controls;
    private readonly FaultPlanner _planner;
    private readonly IAsyncDisposable? _owned;
    private readonly Random _random;
    private readonly List<ActiveFault> _active = [];
    private readonly Lock _gate = new();

    /// <param name="owned">What the session made for itself and removes on dispose (its helper containers).</param>
    public ChaosSession(MeshControls controls, KernelCapabilities kernel, int seed, IAsyncDisposable? owned = null)
    {
        _controls = controls;
        _owned = owned;
        Kernel = kernel;
        Seed = seed;
        _random = new Random(seed);
        _planner = new FaultPlanner(controls, kernel, _random);
    }

    public KernelCapabilities Kernel { get; }

    public IChaosLog Log => _controls.Log;

    /// <summary>What every random choice of the session is drawn from; the same seed on the same mesh repeats them.</summary>
    public int Seed { get; }

    public IReadOnlyList<ActiveFault> Active
    {
        get
        {
            lock (_gate)
            {
                return _active.ToList();
            }
        }
    }

    /// <summary>A session on a run's mesh through the engines that hold its members: helpers from the run's base image, its chaos.csv, the peers' control servers.</summary>
    /// <param name="helperImage">The image helpers and the probe run from: the run's base image (iproute2, nftables).</param>
    /// <param name="kernel">The kernel features when already probed for this run; null probes them now, on every node that holds a member.</param>
    public static async Task<ChaosSession> OpenAsync(
        IDockerEngine engine, RunInventory run, string helperImage, string runDirectory, TimeProvider clock, int? seed, KernelCapabilities? kernel, CancellationToken ct)
    {
        var reach = await MeshReach.OpenAsync(engine, run, clock, ct);
        try
        {
            kernel ??= await CapabilityProbe.ProbeNodesAsync(reach.Engines.Holding(await reach.Members.ReadAsync(ct)), run.RunId, helperImage, clock, ct);
        }
        catch
        {
            reach.Dispose();
            throw;
        }

        var helpers = new HelperContainers(reach.Engines, run.RunId, helperImage, clock);
        var controls = new MeshControls(
            helpers, reach.Members, reach.Lifecycle, reach.PeerFaults, ChaosEventLog.ForRun(runDirectory), clock);
        return new ChaosSession(controls, kernel, seed ?? Random.Shared.Next(), new OwnedTools(helpers, reach));
    }

    /// <summary>The mesh's members as they are now (a killed peer is not running).</summary>
    public Task<IReadOnlyList<MeshMember>> MembersAsync(CancellationToken ct) => _controls.Members.ReadAsync(ct);

    /// <summary>Chooses the targets and plans the fault without touching anything; the plan says what would be done.</summary>
    /// <param name="onAction">Told of what the fault does as it runs: the sides a partition drew, each churn kill.</param>
    public async Task<(IReadOnlyList<string> Targets, IFaultPlan Plan)> PlanAsync(string id, FaultSpec fault, TargetSelector selector, Action<string> onAction, CancellationToken ct)
    {
        var members = await MembersAsync(ct);
        var targets = selector.Select(members.Select(m => m.Name).ToList(), _random, members.ToDictionary(m => m.Name, m => m.Labels));
        return (targets, _planner.Plan(id, fault, members, targets, onAction));
    }

    /// <summary>Applies the fault to targets chosen now and records its start; a failure is recorded and thrown, with nothing left applied.</summary>
    public async Task<ActiveFault> StartAsync(string id, FaultSpec fault, TargetSelector selector, CancellationToken ct)
    {
        var notes = new List<string>();
        IReadOnlyList<string> targets = [];
        try
        {
            (targets, var plan) = await PlanAsync(id, fault, selector, note => OnAction(id, fault, targets, notes, note), ct);
            var began = UnixTime.NowMicros();
            var applied = await plan.ApplyAsync(ct);
            var active = new ActiveFault(id, fault, targets, plan.Mechanism, applied);
            var lasts = fault.DurationRule != DurationRule.None;
            if (lasts)
            {
                lock (_gate)
                {
                    _active.Add(active);
                }
            }

            Log.Record(ChaosEvent.Start, id, fault, targets, plan.Mechanism, string.Join("; ", [.. notes, $"seed {Seed}", $"pid {Environment.ProcessId}"]), began);
            notes.Clear();
            if (!lasts)
            {
                Log.Record(ChaosEvent.End, id, fault, targets, plan.Mechanism, "done");
            }

            return active;
        }
        catch (Exception e) when (e is InvalidOperationException or DockerEngineException)
        {
            Log.Record(ChaosEvent.Failed, id, fault, targets, "", e.Message);
            throw;
        }
    }

    /// <summary>Ends a fault: reverts it under the session's own limit and records why it ended.</summary>
    public async Task EndAsync(ActiveFault active, string reason)
    {
        lock (_gate)
        {
            if (!_active.Remove(active))
            {
                return;
            }
        }

        using var limit = new CancellationTokenSource(AllOrNothing.RevertLimit, _controls.Clock);
        try
        {
            var began = UnixTime.NowMicros();
            await active.Applied.RevertAsync(limit.Token);
            Log.Record(ChaosEvent.End, active.Id, active.Fault, active.Targets, active.Mechanism, reason, began);
        }
        catch (Exception e) when (e is InvalidOperationException or DockerEngineException or OperationCanceledException)
        {
            Log.Record(ChaosEvent.Failed, active.Id, active.Fault, active.Targets, active.Mechanism, $"revert failed ({reason}): {e.Message}; `cmesh chaos clear` removes what is left");
            throw new InvalidOperationException($"{active.Id} ({active.Fault}) could not be reverted: {e.Message}; `cmesh chaos clear` removes what is left", e);
        }
    }

    /// <summary>Ends every partition and mobility in force (a heal step).</summary>
    public async Task HealAsync()
    {
        foreach (var partition in Active.Where(a => a.Fault is IPartitionFault or IMobilityFault).Reverse())
        {
            await EndAsync(partition, "healed");
        }
    }

    /// <summary>Ends every fault in force, newest first; each is attempted even if an earlier one fails.</summary>
    public async Task EndAllAsync(string reason)
    {
        var failures = new List<string>();
        foreach (var active in Active.AsEnumerable().Reverse())
        {
            try
            {
                await EndAsync(active, reason);
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e.Message);
            }
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", failures));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await EndAllAsync("interrupted");
        }
        finally
        {
            if (_owned is not null)
            {
                await _owned.DisposeAsync();
            }
        }
    }

    private void OnAction(string id, FaultSpec fault, IReadOnlyList<string> targets, List<string> notesBeforeStart, string note)
    {
        bool started;
        lock (_gate)
        {
            started = _active.Any(a => a.Id == id);
        }

        if (started)
        {
            Log.Record(ChaosEvent.Action, id, fault, targets, "", note);
        }
        else
        {
            notesBeforeStart.Add(note);
        }
    }
}
