
namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// A fault made of nftables drops (random loss, partition, signal outage): each listed member gets the fault's
/// chain, dropping what arrives from its sources (a share of it for loss).
/// </summary>
internal sealed class DropPlan(INetworkShell shell, IReadOnlyList<MemberDrops> drops, double? percent, TimeProvider clock) : IFaultPlan
{
    public string Mechanism => "nft";

    public IReadOnlyList<string> Describe() =>
        drops.Select(d => $"{d.Member.Name}: {CommandText.Of(PacketDrops.AddChain(d.Chain, d.Sources, percent))}").ToList();

    public async Task<IAppliedFault> ApplyAsync(CancellationToken ct)
    {
        await AllOrNothing.ApplyAsync(drops, (d, token) => shell.RunAsync(d.Member, PacketDrops.AddChain(d.Chain, d.Sources, percent), token), RemoveAsync, clock, ct);
        return new RevertWith(token => AllOrNothing.UndoAllAsync(drops, RemoveAsync, token));
    }

    private Task RemoveAsync(MemberDrops drops, CancellationToken ct) =>
        GoneMembers.IgnoringGoneAsync(() => shell.RunAsync(drops.Member, PacketDrops.DeleteChain(drops.Chain), ct));
}

/// <summary>One member's part of a drop fault: the chain it gets and the addresses whose packets it drops there.</summary>
internal sealed record MemberDrops(MeshMember Member, string Chain, IReadOnlyList<string> Sources);
