using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Partitions;
using CMesh.Chaos.Values;
using CMesh.Docker.Engine;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Mobility: the targets are split by a random layout, as if in separate radio neighbourhoods, and every period the
/// layout is drawn afresh. Each target holds one chain for the whole fault, whose rule is swapped in one nft
/// transaction per move, so no packet slips through between two layouts. A plan is applied once.
/// </summary>
internal sealed class MobilityPlan(
    INetworkShell shell, string chain, IMobilityFault mobility, IReadOnlyList<MeshMember> targets, IReadOnlyList<string> allPeers,
    Random random, TimeProvider clock, Action<string> onAction) : IFaultPlan
{
    private readonly CancellationTokenSource _stop = new();

    public string Mechanism => "nft";

    public IReadOnlyList<string> Describe() =>
    [
        .. targets.Select(t => $"{t.Name}: {CommandText.Of(PacketDrops.AddChain(chain, ["<addresses of the other neighbourhoods>"], null))}"),
        $"every {ScenarioValues.Format(mobility.Period)}: draw {mobility.Layout} afresh and swap each target's rule in one transaction",
    ];

    public async Task<IAppliedFault> ApplyAsync(CancellationToken ct)
    {
        var (layout, sources) = Draw();
        await AllOrNothing.ApplyAsync(targets, (t, token) => shell.RunAsync(t, PacketDrops.AddChain(chain, sources[t.Name], null), token), RemoveAsync, clock, ct);
        onAction(layout);
        var moves = MoveEveryPeriodAsync(_stop.Token);
        return new RevertWith(async token =>
        {
            await _stop.CancelAsync();
            await moves;
            await AllOrNothing.UndoAllAsync(targets, RemoveAsync, token);
        });
    }

    /// <summary>A fresh layout: its description and, per target, the addresses it stops hearing.</summary>
    private (string Layout, IReadOnlyDictionary<string, IReadOnlyList<string>> Sources) Draw()
    {
        var names = targets.Select(t => t.Name).ToList();
        var draw = Grudges.Draw(mobility.Layout, oneWay: false, names, allPeers, random);
        var addresses = targets.ToDictionary(t => t.Name, t => t.DataIpOrThrow);
        return (
            draw.Description,
            names.ToDictionary(
                n => n,
                n => (IReadOnlyList<string>)(draw.Grudges.GetValueOrDefault(n) ?? new HashSet<string>()).Where(addresses.ContainsKey).Select(p => addresses[p]).ToList()));
    }

    private Task RemoveAsync(MeshMember target, CancellationToken ct) =>
        GoneMembers.IgnoringGoneAsync(() => shell.RunAsync(target, PacketDrops.DeleteChain(chain), ct));

    private async Task MoveEveryPeriodAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(mobility.Period, clock, stop);
                await MoveAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The fault ends; its revert removes the chains.
        }
    }

    private async Task MoveAsync(CancellationToken stop)
    {
        var (layout, sources) = Draw();
        var moves = targets.Select(async t =>
        {
            try
            {
                await shell.RunAsync(t, PacketDrops.ReplaceChain(chain, sources[t.Name]), stop);
                return null;
            }
            catch (Exception e) when (e is ChaosCommandException or DockerEngineException)
            {
                return $"{t.Name} kept its old neighbourhood: {e.Message}";
            }
        }).ToList();
        var failures = (await Task.WhenAll(moves)).OfType<string>().ToList();
        onAction(failures.Count == 0 ? layout : $"{layout}; {string.Join("; ", failures)}");
    }
}
