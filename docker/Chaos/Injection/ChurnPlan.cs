using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Values;
using CMesh.Docker.Engine;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Churn: every interval one target that is up, chosen at random, is killed with the fault's signal and started
/// again after the downtime. Each kill and start is reported as it happens; taking the fault off stops the cycle
/// and starts whoever is still down. A plan is applied once.
/// </summary>
internal sealed class ChurnPlan(
    MeshControls controls, IChurnFault churn, IReadOnlyList<MeshMember> targets, Random random, Action<string> onAction) : IFaultPlan
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, MeshMember> _down = [];
    private readonly Lock _gate = new();

    public string Mechanism => "docker";

    public IReadOnlyList<string> Describe() =>
    [
        $"every {ScenarioValues.Format(churn.Interval)}: docker kill --signal {churn.Signal} one of {string.Join(", ", targets.Select(t => t.Name))} that is up, chosen at random; docker start it {ScenarioValues.Format(churn.Downtime)} later",
    ];

    public Task<IAppliedFault> ApplyAsync(CancellationToken ct)
    {
        var cycle = CycleAsync(_stop.Token);
        return Task.FromResult<IAppliedFault>(new RevertWith(async token =>
        {
            await _stop.CancelAsync();
            await cycle;
            await AllOrNothing.UndoAllAsync(Down(), (member, inner) => MemberStart.AgainAsync(controls, member, inner), token);
        }));
    }

    private async Task CycleAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(churn.Interval, controls.Clock, stop);
                var up = Up();
                if (up.Count == 0)
                {
                    onAction("no target is up to kill");
                    continue;
                }

                var victim = up[random.Next(up.Count)];
                try
                {
                    await controls.Lifecycle.KillAsync(victim, churn.Signal, stop);
                }
                catch (DockerEngineException e)
                {
                    onAction($"could not kill {victim.Name}: {e.Message}");
                    continue;
                }

                onAction($"killed {victim.Name} ({churn.Signal})");
                lock (_gate)
                {
                    _down[victim.Name] = victim;
                }

                _ = ReturnAsync(victim, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The fault ends; its revert starts whoever is down.
        }
    }

    private async Task ReturnAsync(MeshMember victim, CancellationToken stop)
    {
        try
        {
            await Task.Delay(churn.Downtime, controls.Clock, stop);
            await MemberStart.AgainAsync(controls, victim, stop);
            lock (_gate)
            {
                _down.Remove(victim.Name);
            }

            onAction($"started {victim.Name}");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Still down: the revert starts it.
        }
        catch (DockerEngineException e)
        {
            onAction($"could not start {victim.Name}: {e.Message}");
        }
    }

    private List<MeshMember> Up()
    {
        lock (_gate)
        {
            return targets.Where(t => !_down.ContainsKey(t.Name)).ToList();
        }
    }

    private List<MeshMember> Down()
    {
        lock (_gate)
        {
            return _down.Values.ToList();
        }
    }
}
