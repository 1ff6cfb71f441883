using CMesh.Common.Contracts;

namespace CMesh.Cli.Diagnose;

/// <summary>
/// Per peer, from the coordinator's mesh view: does it answer, has it links, and do they carry heartbeats and data?
/// The worst finding is the verdict: a silent peer, then a peer with no link, then failing heartbeats, then no data.
/// </summary>
public sealed class PeerLinksLayer : IDiagnosisStep
{
    public DiagnosisLayer Layer => DiagnosisLayer.PeerLinks;

    public Task<LayerReport> CheckAsync(DiagnosisState state, CancellationToken ct)
    {
        var mesh = state.RequireMesh();
        var containers = state.Run?.Peers.ToDictionary(p => p.Member) ?? [];
        var findings = mesh.Nodes.Select(node => Judge(node, mesh, containers.GetValueOrDefault(node.PeerId))).ToList();
        // Both ends of a bad link judge it the same way: one verdict per component.
        var failing = findings.Where(f => f.Verdict is not null).OrderBy(f => Severity(f.Verdict!.Failure)).DistinctBy(f => f.Verdict!.Component).ToList();
        var checks = findings.Where(f => f.Verdict is not null || f.Check.Status != CheckStatus.Ok).Select(f => f.Check).ToList();
        var ok = findings.Count(f => f.Verdict is null && f.Check.Status == CheckStatus.Ok);
        if (ok > 0)
        {
            checks.Insert(0, Check.Ok($"{ok} peers", "linked, heartbeats answered" + (DataExpected(mesh) ? ", updates arriving" : "")));
        }

        var oneSided = mesh.Links.Where(l => l.Health == LinkHealth.OneSided).ToList();
        if (oneSided.Count > 0)
        {
            checks.Add(Check.Warning("one-sided links", string.Join(", ", oneSided.Select(l => $"{l.A}↔{l.B} (only {l.ReportedBy[0]} has it open)"))));
        }

        if (failing.Count == 0)
        {
            return Task.FromResult(LayerReport.Ok(Layer, $"{mesh.Nodes.Count} peers, {mesh.Links.Count} links", checks));
        }

        if (SilentSender(failing.Select(f => f.Verdict!).ToList(), mesh) is { } sender)
        {
            return Task.FromResult(LayerReport.Broken(sender, checks));
        }

        var worst = failing[0].Verdict!;
        var more = failing.Count > 1 ? $" (and {failing.Count - 1} more: {string.Join(", ", failing.Skip(1).Take(5).Select(f => f.Verdict!.Component))})" : "";
        return Task.FromResult(LayerReport.Broken(worst with { Detail = worst.Detail + more }, checks));
    }

    /// <summary>
    /// Links without data that all end at one peer point at that peer rather than at any one link: its sync layer
    /// sends nothing (or takes nothing in) while its links and their heartbeats are fine.
    /// </summary>
    private static Verdict? SilentSender(IReadOnlyList<Verdict> failing, MeshView mesh)
    {
        if (failing.Count < 2 || failing.Any(v => v.Failure != FailureMode.NoData))
        {
            return null;
        }

        var common = failing.Select(v => v.Component.Split('↔')).Aggregate((a, b) => a.Intersect(b).ToArray());
        if (common is not [var peer])
        {
            return null;
        }

        var quiet = mesh.Links.Where(l => (l.A == peer || l.B == peer) && l.Health == LinkHealth.NoData).ToList();
        var links = mesh.Links.Count(l => l.A == peer || l.B == peer);
        var since = quiet.Min(l => l.LastUpdateAgeMs) is { } newest ? $"for {Seconds(newest)} or more" : "since they opened";
        return new Verdict(DiagnosisLayer.PeerLinks, peer, FailureMode.NoData,
            $"{quiet.Count} of its {links} links ({string.Join(", ", quiet.Select(l => l.A == peer ? l.B : l.A))}) are connected with heartbeats answered, "
            + $"but carried no update {since} while the workload runs: {peer}'s sync layer sends or takes in nothing");
    }

    /// <summary>One peer's finding: its line in the tree and, when broken, the verdict it would give.</summary>
    public static (Check Check, Verdict? Verdict) Judge(MeshNode node, MeshView mesh, ContainerFact? container)
    {
        var links = mesh.Links.Where(l => l.A == node.PeerId || l.B == node.PeerId).ToList();
        var verdict = Verdict(node, links, mesh, container);
        if (verdict is not null)
        {
            return (Check.Failed(node.PeerId, $"{Describe(verdict.Failure)}: {verdict.Detail}"), verdict);
        }

        var detail = $"{node.OpenLinks} links, RTT ≤ {links.Max(l => l.RttMs) ?? 0:F1} ms";
        return (node.Freshness == NodeFreshness.Late ? Check.Warning(node.PeerId, $"{detail}; heartbeat {node.HeartbeatAgeMs / 1000.0:F1} s ago") : Check.Ok(node.PeerId, detail), null);
    }

    private static Verdict? Verdict(MeshNode node, IReadOnlyList<MeshLink> links, MeshView mesh, ContainerFact? container)
    {
        const DiagnosisLayer layer = DiagnosisLayer.PeerLinks;
        if (node.Freshness == NodeFreshness.Silent)
        {
            var paused = container?.State == "paused" ? " (its container is paused)" : "";
            return new Verdict(layer, node.PeerId, FailureMode.PeerNotResponding, $"no heartbeat for {node.HeartbeatAgeMs / 1000.0:F1} s{paused}");
        }

        if (node.OpenLinks == 0)
        {
            return NoLink(node);
        }

        if (links.FirstOrDefault(l => l.Health == LinkHealth.HeartbeatsLate) is { } late)
        {
            return new Verdict(layer, $"{late.A}↔{late.B}", FailureMode.HeartbeatsFailing,
                $"connected, but heartbeats go unanswered; last data {(late.LastDataAgeMs is { } ms ? $"{Seconds(ms)} ago" : "never")}");
        }

        if (links.FirstOrDefault(l => l.Health == LinkHealth.NoData) is { } quiet)
        {
            return new Verdict(layer, $"{quiet.A}↔{quiet.B}", FailureMode.NoData,
                $"connected and heartbeats answered (RTT {quiet.RttMs:F1} ms), but no update {(quiet.LastUpdateAgeMs is { } ms ? $"for {Seconds(ms)}" : "since it opened")} while the workload runs");
        }

        return null;
    }

    private static Verdict NoLink(MeshNode node)
    {
        const DiagnosisLayer layer = DiagnosisLayer.PeerLinks;
        var latest = node.FailingLinks.FirstOrDefault();
        if (latest is null)
        {
            return node.Candidates == 0
                ? new Verdict(layer, node.PeerId, FailureMode.NoLinkCandidates, "no link and no peer to dial: discovery and peer exchange found none")
                : new Verdict(layer, node.PeerId, FailureMode.DialFailing, $"no link yet; {node.Candidates} peers to dial");
        }

        var what = $"{latest.Reason ?? "no reason given"}" + (latest.Failures > 1 ? $", {latest.Failures} failures in a row" : "");
        return latest switch
        {
            { State: LinkState.Closed } => new Verdict(layer, $"{node.PeerId}→{latest.Remote}", FailureMode.LinkClosed, $"link established, then closed: {what}"),
            { Failure: FailureKind.Timeout or FailureKind.Unreachable } => new Verdict(layer, $"{node.PeerId}→{latest.Remote}", FailureMode.ReachabilityFailure,
                $"no link: the dial gets no answer ({what})"),
            { State: LinkState.Connecting } => new Verdict(layer, $"{node.PeerId}→{latest.Remote}", FailureMode.DialFailing, "no link: a dial is in progress"),
            _ => new Verdict(layer, $"{node.PeerId}→{latest.Remote}", FailureMode.DialFailing, $"no link: dial failing ({what})"),
        };
    }

    private static int Severity(FailureMode mode) => mode switch
    {
        FailureMode.PeerNotResponding => 0,
        FailureMode.NoLinkCandidates or FailureMode.ReachabilityFailure or FailureMode.DialFailing or FailureMode.LinkClosed => 1,
        FailureMode.HeartbeatsFailing => 2,
        _ => 3,
    };

    /// <summary>Once every writer has had its first write due (within the first write interval) and passed on (within the freshness bound).</summary>
    public static bool DataExpected(MeshView mesh) =>
        mesh.Phase == MeshPhase.Running && mesh.StartAt is { } start
        && mesh.GeneratedAt - start > TimeSpan.FromMilliseconds(WriterFreshness.AllowedAgeMs(mesh.WriteIntervalMs, mesh.FreshnessBoundMs));

    private static string Describe(FailureMode mode) => mode switch
    {
        FailureMode.PeerNotResponding => "not responding",
        FailureMode.NoLinkCandidates => "no peers found",
        FailureMode.ReachabilityFailure => "unreachable",
        FailureMode.DialFailing => "dial failing",
        FailureMode.LinkClosed => "link closed",
        FailureMode.HeartbeatsFailing => "heartbeats failing",
        FailureMode.NoData => "no data",
        _ => mode.ToString(),
    };

    private static string Seconds(long ms) => $"{ms / 1000.0:F1} s";
}
