using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Peer.Faults;
using CMesh.Peer.Network;

namespace CMesh.Peer.Sync;

/// <summary>
/// Lazy-push gossip (Plumtree: Leitão, Pereira and Rodrigues, "Epidemic Broadcast Trees", SRDS 2007), one tree per
/// writer. For each writer, each link is eager or lazy: a writer's new update is pushed whole on the links eager for
/// that writer and announced by id on the others, in at most one IHAVE per link every announce delay. Links open eager for
/// every writer, so a writer's first update floods; a pushed update that is already held shows a cycle in its
/// writer's tree, and the receiver prunes that link to lazy for that writer only, until each writer's eager links
/// form a spanning tree rooted at the writer (plus the second parents' links, below). Two pushes of a first flood
/// that cross on a link need one prune between them, from the end nearer the writer (PrunesItself), and none when one came by
/// a path shorter by more than the shortcut threshold: the other end moves its parent there (MovesHere). An update announced but not
/// pushed within the graft timeout is grafted from an announcer, whose link turns eager for its writer: that mends a
/// tree when a link closes or a peer stops pushing. Anti-entropy catches what this misses, and what it repairs is
/// announced onward, never pushed (see IsRepair).
/// The first flood leaves each peer on the path its first copy happened to take, often longer than the shortest:
/// every announcement carries the hop count of the announcer's copy, and a peer whose pushes come from farther away
/// grafts the announcer and prunes its parent for that writer (Plumtree's optimisation, §3.8), so each writer's tree
/// shrinks to a shortest-path tree and stays there (a peer only moves to a strictly shorter path). A later copy of the
/// first flood that came by a shorter path moves the parent the same way, its sender pushing here already, and is
/// announced to the neighbours it may bring nearer (AnnounceShorterPath), so the writer's second update takes the shorter
/// paths. Prunes, those announcements and the grafts that take shorter paths go with the link's next push or IHAVE, or
/// alone at the tree-change hold (HoldPrune, HoldGraft).
/// A tree gives each peer one path from each writer, so a peer that waits for a core holds up its whole subtree, where a
/// flood's other copies would have gone round it (measured at 100 peers on two cores: lazy push's p99 twice flooding's).
/// An update announced and not pushed within the fetch timeout, shorter than the graft timeout, is fetched from an
/// announcer and pushed on to this peer's children, and the tree stays as it is: the parent is late, not lost. Only when
/// the parent's push has still not come by the graft timeout does the announcer that answered replace the parent.
/// Even so, a tree's one path pays every stall on it, where a flood takes the fastest of several copies: measured at 20
/// peers on two cores, a peer's send to a co-located neighbour took 1-4 ms now and then (the receiver ran in the
/// sender's place), and lazy push's p99 was a quarter to a third above flooding's. So each peer keeps a second parent
/// per writer when a neighbour is as near the writer as its parent (LazyPushOptions.Parents): a duplicate push by a
/// path as short as the parent's is kept rather than pruned, and an announcer whose copy came by such a path is grafted.
/// The two parents change places as their copies race; a second parent is never pushed to (it is nearer the writer), and
/// the announcement it gets instead is withdrawn when its own push arrives, so it hears of an update only if it lost its
/// path. A shorter path replaces both parents.
/// Both ends of a lazy link hold an update, and each would announce it to the other: an announcement to a neighbour
/// whose own announcements of the writer showed it nearer the writer, or as near and with a lower id, waits the backup
/// hold, and the neighbour's announcement, which normally comes first, withdraws it. So an update's announcement crosses
/// each lazy link one way, from the end nearer the writer, and the other way only when that end is late or has lost
/// its path (simulated at 100 nodes of degree 6: a third fewer IHAVEs once the trees settle).
/// One tree shared by all writers is a shortest-path tree for one source only: measured with 100 peers all writing,
/// its long paths from the other writers let pushes lose the race to the graft timeout, grafts and prunes kept
/// reshaping it, and latency was p50 288 ms, p99 814 ms against flooding's 6 ms and 104 ms. A tree per writer is
/// built from that writer's own floods, so each update travels its writer's shortest paths.
/// Frames arrive on every link's reader thread, so one lock guards the state; one timer, armed only while an
/// announcement or a graft is pending, does the waiting, so an idle peer does not wake up.
/// </summary>
public sealed class LazyPushGossip : IGossip
{
    private readonly string _selfId;
    private readonly ISyncEngine _store;
    private readonly TimeProvider _clock;
    private readonly LazyPushOptions _options;
    private readonly UpdateDrop? _drop;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Neighbour> _neighbours = new(StringComparer.Ordinal);
    private readonly Dictionary<UpdateId, Missing> _missing = [];
    private readonly Dictionary<UpdateId, AwaitedPush> _awaitingPush = [];
    private readonly HashSet<string> _writers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PushPath> _paths = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private readonly long _started;
    private TimeSpan? _flushAt;
    private TimeSpan? _flushedAt;
    private TimeSpan? _wakeAt;
    private long _grafts;
    private long _fetches;
    private long _prunes;

    /// <param name="store">Tells which announced updates are missing, and answers grafts.</param>
    /// <param name="drop">While on, no update is pushed and no graft answered (the drop-updates fault); announcements, grafts and prunes still go.</param>
    /// <param name="selfId">This peer's id, which settles which end of a link between two peers as near a writer announces its updates at once.</param>
    public LazyPushGossip(string selfId, ISyncEngine store, TimeProvider clock, LazyPushOptions options, UpdateDrop? drop = null)
    {
        if (options.AnnounceDelay <= TimeSpan.Zero || options.GraftTimeout <= TimeSpan.Zero || options.GraftRetry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "lazy-push timings must be positive");
        }

        if (options.AnnounceHold < TimeSpan.Zero || options.AnnounceHold > options.AnnounceDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "the announce hold must be between zero and the announce delay");
        }

        if (options.BackupHold < options.AnnounceHold)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "the backup hold must not be shorter than the announce hold");
        }

        if (options.TreeChangeHold < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "the tree-change hold must not be negative");
        }

        if (options.FetchTimeout is { } fetch && (fetch <= TimeSpan.Zero || fetch >= options.GraftTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "the fetch timeout must be positive and shorter than the graft timeout");
        }

        if (options.Parents is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "a peer keeps one or two parents per writer");
        }

        if (options.ShorterPathHops < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "a shorter path is shorter by at least one hop");
        }

        _selfId = selfId;
        _store = store;
        _clock = clock;
        _options = options;
        _drop = drop;
        _started = clock.GetTimestamp();
        _timer = clock.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string PushVia => DeliveryVia.Eager;

    public GossipFigures Figures()
    {
        lock (_gate)
        {
            var eager = _neighbours.Values.Count(IsEager);
            return new GossipFigures(eager, _neighbours.Count - eager, _grafts, _fetches, _prunes);
        }
    }

    /// <summary>Eager when the link pushes for at least one writer this peer has heard of (or it has heard of none,
    /// as every link pushes a new writer's updates); lazy when it only announces.</summary>
    public GossipRole? RoleOf(string peerId)
    {
        lock (_gate)
        {
            return _neighbours.TryGetValue(peerId, out var neighbour) ? IsEager(neighbour) ? GossipRole.Eager : GossipRole.Lazy : null;
        }
    }

    /// <summary>The part the link to the peer plays in one writer's tree; null with no link to the peer.</summary>
    public GossipRole? RoleOf(string peerId, string writer)
    {
        lock (_gate)
        {
            return _neighbours.TryGetValue(peerId, out var neighbour) ? neighbour.PushesFor(writer) ? GossipRole.Eager : GossipRole.Lazy : null;
        }
    }

    public void Forward(UpdateFrame frame, IGossipLink? from)
    {
        var id = UpdateId.Of(frame.Update);
        var pushTo = new List<IGossipLink>();
        var prunedStillPushing = false;
        var riding = new List<(IGossipLink, Frame)>();
        IReadOnlyList<(IGossipLink, Frame)> control;
        lock (_gate)
        {
            _missing.Remove(id, out var announced);
            _writers.Add(id.Writer);
            var repair = IsRepair(frame, announced);
            var sender = from is not null ? _neighbours.GetValueOrDefault(from.RemotePeerId) : null;
            var parent = _paths.GetValueOrDefault(id.Writer)?.Parent;
            if (frame.Origin == UpdateOrigin.Push)
            {
                ParentStillPushes(id.Writer);
                sender?.PushedHere[id.Writer] = (id.Sequence, frame.Update.Hops - 1);
            }

            if (frame.Origin == UpdateOrigin.Fetch)
            {
                // The tree stays: the parent's push is late, and by the graft timeout it shows whether it comes at all.
                var now = Now;
                if (!repair && from is not null && announced is { } fetched && fetched.Due > now)
                {
                    _awaitingPush[id] = new AwaitedPush(fetched.Due, from.RemotePeerId, frame.Update.Hops - 1);
                    Arm(fetched.Due, now);
                }
            }
            else if (frame.Origin == UpdateOrigin.Push && sender is not null && !sender.PushesFor(id.Writer))
            {
                // Pushed on a link this peer pruned: the prune is on its way (or was lost), and the push beat the
                // parent's. The tree stays: the parent, whose copy is on its way, gets none back (it would prune this
                // peer), its copy prunes nothing here, and the prune goes again.
                prunedStillPushing = true;
                HoldPrune(sender, id.Writer);
            }
            else if (!repair)
            {
                // The link that brought a new update by push or graft is on its first-arrival path from the writer: it belongs to the writer's tree.
                _paths[id.Writer] = PathVia(from?.RemotePeerId, frame.Update.Hops - 1, _paths.GetValueOrDefault(id.Writer));
                sender?.Set(id.Writer, eager: true);
                // Announced before it arrived: the announcement that came first may have offered a shorter path.
                if (announced?.Shortest is { } shortest && _neighbours.TryGetValue(shortest.PeerId, out var announcer))
                {
                    TakeShortcut(announcer, new UpdateRange(id.Writer, id.Sequence, 1), shortest.Hops);
                }
            }

            // A repaired copy came by no path from its writer that a hop count could describe.
            var hops = repair ? AnnouncedRange.NoPath : frame.Update.Hops;

            // Neighbours that hold it, or soon will: its sender, the parent a pruned link's push raced, an announcer.
            var holders = new HashSet<string>(StringComparer.Ordinal);
            if (from is not null)
            {
                holders.Add(from.RemotePeerId);
            }

            if (prunedStillPushing && parent is not null)
            {
                holders.Add(parent);
            }

            // The second parent is nearer the writer: pushed to, it would prune this peer. It is announced the update
            // instead, and the announcement is withdrawn when its own push arrives (OnDuplicate), as it does unless the
            // second parent has lost its own path.
            var second = repair ? null : _paths.GetValueOrDefault(id.Writer)?.Second;

            // A fetched copy is announced to the parent, not pushed: its push is late, or, if the parent lacks the update
            // too, it fetches it here. Pushed, it would reach a late parent first and turn the tree round.
            var lateParent = frame.Origin == UpdateOrigin.Fetch ? parent : null;

            holders.UnionWith(announced?.Announcers ?? []);
            foreach (var (peerId, neighbour) in _neighbours)
            {
                if (holders.Contains(peerId))
                {
                    continue;
                }

                if (!repair && neighbour.PushesFor(id.Writer) && peerId != lateParent && peerId != second)
                {
                    pushTo.Add(neighbour.Link);
                    if (_drop is not { On: true })
                    {
                        neighbour.LastPushed[id.Writer] = (id.Sequence, frame.Update.Hops);
                        TakeControl(neighbour, neighbour.PathNews, riding);
                    }
                }
                else if (hops != AnnouncedRange.NoPath && neighbour.AnnouncesFirst(id.Writer, hops, _selfId))
                {
                    neighbour.HeldBack.Add((new Announced(id, hops), Now + _options.BackupHold));
                }
                else
                {
                    neighbour.ToAnnounce.Add(new Announced(id, hops));
                }
            }

            // The pushes took the tree changes that waited for their links: the flush, and the timer, wait only for what is left.
            control = Rescheduled(Now);
        }

        // A graft or fetch answer spreads as a push (a repair is never pushed on).
        var onward = frame.Origin is UpdateOrigin.Graft or UpdateOrigin.Fetch ? frame with { Origin = UpdateOrigin.Push } : frame;
        SendTogether([.. Allowed(pushTo.Select(link => (link, onward)).ToList()), .. riding, .. control]);
    }

    /// <summary>
    /// A repair is an update learnt by anti-entropy, or grafted after announcements that all came from repaired copies.
    /// It is announced onward on every link and never pushed: each neighbour that lacks it grafts it from one announcer,
    /// at once. Pushed on along trees that knew nothing of it (after a partition, every link opened inside a half is
    /// eager for the other half's writers), a heal's catch-up crossed every cycle, and its duplicates cannot prune (they
    /// race pushes without showing a cycle in the tree).
    /// </summary>
    private static bool IsRepair(UpdateFrame frame, Missing? announced) => frame.Origin switch
    {
        UpdateOrigin.Resync => true,
        UpdateOrigin.Graft or UpdateOrigin.Fetch => announced?.Shortest?.Hops == AnnouncedRange.NoPath,
        _ => false,
    };

    public void OnDuplicate(IGossipLink from, UpdateFrame frame)
    {
        // Only a second push shows a cycle in the writer's tree: a resync or a graft answer may race a push without
        // one, and so may a pruned link's last push race the parent's.
        if (frame.Origin != UpdateOrigin.Push)
        {
            return;
        }

        IReadOnlyList<(IGossipLink, Frame)> sends;
        lock (_gate)
        {
            ParentStillPushes(frame.Update.Writer);
            var writer = frame.Update.Writer;
            var path = _paths.GetValueOrDefault(writer);
            var asShort = path is not null && frame.Update.Hops == path.Hops;
            if (!_neighbours.TryGetValue(from.RemotePeerId, out var neighbour) || path?.Parent == from.RemotePeerId)
            {
                return;
            }

            neighbour.PushedHere[writer] = (frame.Update.Sequence, frame.Update.Hops);

            if (path?.Second == from.RemotePeerId && asShort)
            {
                var id = UpdateId.Of(frame.Update);
                neighbour.Withdraw(a => a.Id == id);
                sends = Rescheduled(Now);
            }
            else if (path is { Parent: not null, Second: null } && asShort && _options.Parents > 1)
            {
                _paths[writer] = path with { Second = from.RemotePeerId };
                return;
            }
            else
            {
                sends = TreeChangeFor(neighbour, frame.Update, path);
            }
        }

        SendTogether(sends);
    }

    /// <summary>A duplicate push that is not the second parent's: a shorter path to take, or a cycle in the writer's tree to prune.</summary>
    private IReadOnlyList<(IGossipLink, Frame)> TreeChangeFor(Neighbour neighbour, Update update, PushPath? path)
    {
        var (writer, peerId) = (update.Writer, neighbour.Link.RemotePeerId);
        if (path is { Parent: not null } && update.Hops <= path.Hops - _options.ShorterPathHops && neighbour.PushesFor(writer))
        {
            // A later copy of a flood that came by a shorter path: its sender, which pushes here already, becomes the
            // parent, and the tree takes the shorter path before the writer's next update instead of after it.
            MoveParent(peerId, writer, update.Hops);
            AnnounceShorterPath(UpdateId.Of(update), update.Hops + 1, peerId);
        }
        else if (LeftThePruneHere(neighbour, update))
        {
            DropSecond(writer, peerId);
            HoldPrune(neighbour, writer);
        }
        else if (!MayBeSecondParentThere(neighbour, update) && !MovesHere(neighbour, update))
        {
            DropSecond(writer, peerId);
            if (PrunesItself(neighbour, update))
            {
                SetRole(neighbour, writer, eager: false);
            }
            else
            {
                HoldPrune(neighbour, writer);
            }
        }

        return ControlDue();
    }

    public void OnControl(IGossipLink from, Frame frame)
    {
        switch (frame)
        {
            case IHaveFrame ihave:
                Announced(from, ihave.Ranges);
                break;
            case GraftFrame graft:
                Grafted(from, graft.Wanted);
                break;
            case FetchFrame fetch:
                NoLongerSecond(from, fetch.Wanted);
                Answer(from, fetch.Wanted, UpdateOrigin.Fetch);
                break;
            case PruneFrame prune:
                Pruned(from, prune.Writer);
                break;
        }
    }

    public void OnLinkOpened(IGossipLink link)
    {
        lock (_gate)
        {
            _neighbours[link.RemotePeerId] = new Neighbour(link);
        }
    }

    public void OnLinkClosed(IGossipLink link)
    {
        lock (_gate)
        {
            // A new link to the same peer may have opened already: only the link that closed goes.
            if (!_neighbours.TryGetValue(link.RemotePeerId, out var neighbour) || neighbour.Link != link)
            {
                return;
            }

            _neighbours.Remove(link.RemotePeerId);
            foreach (var missing in _missing.Values)
            {
                missing.Forget(link.RemotePeerId);
            }

            // A second parent gone leaves the slot to the next neighbour as near the writer.
            foreach (var writer in _paths.Keys.ToList())
            {
                DropSecond(writer, link.RemotePeerId);
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>Monotonic time since this gossip started, which a change of the wall clock does not move.</summary>
    private TimeSpan Now => _clock.GetElapsedTime(_started);

    private void Announced(IGossipLink from, IReadOnlyList<AnnouncedRange> announced)
    {
        var sends = new List<(IGossipLink, Frame)>();
        lock (_gate)
        {
            if (!_neighbours.TryGetValue(from.RemotePeerId, out var announcer))
            {
                return;
            }

            var now = Now;
            var repairs = false;
            foreach (var (range, hops) in announced)
            {
                if (hops != AnnouncedRange.NoPath)
                {
                    announcer.OfferedHops[range.Writer] = hops;
                }

                var held = _store.Range(range.Writer, range.FirstSeq, range.Count).Select(u => u.Sequence).ToHashSet();
                if (held.Count > 0)
                {
                    TakeShortcut(announcer, range, hops);
                    TakeSecondParent(announcer, range, hops);
                    WithdrawAnnouncements(announcer, range.Writer, held, hops);
                }

                foreach (var id in range.Ids().Where(id => !held.Contains(id.Sequence)))
                {
                    if (!_missing.TryGetValue(id, out var missing))
                    {
                        // No push brings a repair: it is grafted at once.
                        var repair = hops == AnnouncedRange.NoPath;
                        _missing[id] = missing = repair ? new Missing(fetchDue: null, due: now) : new Missing(now + _options.FetchTimeout, now + _options.GraftTimeout);
                        repairs |= repair;
                    }

                    missing.Heard(from.RemotePeerId, hops);
                }
            }

            if (repairs)
            {
                sends.AddRange(GraftsDue(now));
            }

            sends.AddRange(Rescheduled(now));
        }

        SendTogether(sends);
    }

    /// <summary>
    /// When the announcer's copy of an update came by a path shorter by at least the threshold than the one this
    /// peer's pushes of its writer come by (seen when the announcement finds the update held, or when the push
    /// arrives after it), the announcer's link joins the writer's tree and the parent's leaves it: a graft naming the
    /// writer's next update (so nothing is answered now) and a prune, both held (<see cref="HoldGraft"/>). A peer moves
    /// only to a strictly shorter path, and a shorter path cannot run through the peer itself, so no cycle forms and
    /// the tree settles.
    /// </summary>
    private void TakeShortcut(Neighbour announcer, UpdateRange range, int hops)
    {
        if (!_paths.TryGetValue(range.Writer, out var path) || path.Parent is not { } parent || parent == announcer.Link.RemotePeerId
            || hops > path.Hops - _options.ShorterPathHops)
        {
            return;
        }

        MoveParent(announcer.Link.RemotePeerId, range.Writer, hops);
        HoldGraft(announcer, range.Writer, range.FirstSeq + range.Count);
    }

    /// <summary>
    /// An announcer whose copy came by a path as short as the parent's becomes the writer's second parent, when there is
    /// none: grafted for the writer's next update (<see cref="HoldGraft"/>), and never pushed to (it is nearer the
    /// writer). The first flood leaves few second parents, as each peer prunes every link but its first copy's before
    /// its paths are the shortest.
    /// </summary>
    private void TakeSecondParent(Neighbour announcer, UpdateRange range, int hops)
    {
        var peerId = announcer.Link.RemotePeerId;
        if (_options.Parents < 2 || !_paths.TryGetValue(range.Writer, out var path) || path is not { Parent: { } parent, Second: null }
            || parent == peerId || hops != path.Hops)
        {
            return;
        }

        _paths[range.Writer] = path with { Second = peerId };
        HoldGraft(announcer, range.Writer, range.FirstSeq + range.Count);
    }

    /// <summary>
    /// The announcer holds the updates it announced, so this peer's announcements of them to it, still held back, would
    /// tell it nothing, unless this peer is nearer the writer and so offers it a second parent or a shorter path (see
    /// <see cref="TakeSecondParent"/>, <see cref="TakeShortcut"/>). Both ends of a lazy link hold the same updates back
    /// for the same time, so both announced each update, whichever had it first.
    /// </summary>
    /// <param name="hops">Links crossed from the writer to this peer through the announcer: the announcer's own path is one shorter.</param>
    private static void WithdrawAnnouncements(Neighbour announcer, string writer, HashSet<long> held, int hops) =>
        announcer.Withdraw(a => a.Id.Writer == writer && held.Contains(a.Id.Sequence) && a.Hops >= hops);

    /// <summary>
    /// This peer's copy of the update has just come by a shorter path than the first: each neighbour whose path may be
    /// longer than the one through this peer by the shortcut threshold is announced the update again with the new hop
    /// count, so it takes this peer as its parent (<see cref="TakeShortcut"/>) before the writer's second update, not
    /// after it: this peer's pushes and announcements had carried the first copy's hop count, too long to move any
    /// neighbour here. A neighbour whose own push of the update showed a path no longer than that is left out. Simulated
    /// (100 peers of degree 6, 1 to 20 ms a frame), one peer in ten was left on a longer path than the shortest from a
    /// writer after the first floods, one in 150 with these announcements, for 0.3 more IHAVEs per push in the first
    /// floods; at 100 peers on two cores the writers' second updates had been the slowest (bench/README.md).
    /// </summary>
    /// <param name="hops">The links a neighbour's copy would cross from the writer through this peer.</param>
    private void AnnounceShorterPath(UpdateId id, int hops, string parent)
    {
        foreach (var (_, neighbour) in _neighbours.Where(n => n.Key != parent && MayComeNearer(n.Value, id, hops)))
        {
            if (neighbour.ToAnnounce.RemoveAll(a => a.Id == id) + neighbour.HeldBack.RemoveAll(h => h.Announced.Id == id) > 0)
            {
                neighbour.ToAnnounce.Add(new Announced(id, hops));
            }
            else
            {
                neighbour.PathNews.RemoveAll(a => a.Id == id);
                neighbour.PathNews.Add(new Announced(id, hops));
                neighbour.TreeChangesSince ??= Now;
            }
        }
    }

    /// <summary>Whether the path through this peer, of the given length, may be short enough for the neighbour to take
    /// (<see cref="TakeShortcut"/>): unknown unless the neighbour pushed the update here itself, with its own path's
    /// length and one.</summary>
    private bool MayComeNearer(Neighbour neighbour, UpdateId id, int hops) =>
        !neighbour.PushedHere.TryGetValue(id.Writer, out var pushed) || pushed.Sequence != id.Sequence
        || hops <= pushed.Hops - 1 - _options.ShorterPathHops;

    /// <summary>The neighbour joins the writer's tree as this peer's parent, grafted for the writer's next update (so
    /// nothing is answered now), and the old parents, if still linked, are pruned.</summary>
    private void ReplaceParent(Neighbour newParent, string writer, long nextSequence, int hops, List<(IGossipLink, Frame)> sends)
    {
        MoveParent(newParent.Link.RemotePeerId, writer, hops);
        Graft(newParent, writer, nextSequence, sends);
    }

    /// <summary>The neighbour becomes this peer's only parent for the writer, by a path of the given length, and the old
    /// parents, if still linked, are pruned: both were farther from the writer.</summary>
    private void MoveParent(string newParent, string writer, int hops)
    {
        var old = _paths.GetValueOrDefault(writer);
        _paths[writer] = new PushPath(newParent, hops);
        PruneUnless(old?.Parent, newParent, writer);
        PruneUnless(old?.Second, newParent, writer);
    }

    /// <summary>The neighbour pushes the writer's updates here from the given one on, asked now.</summary>
    private void Graft(Neighbour neighbour, string writer, long nextSequence, List<(IGossipLink, Frame)> sends)
    {
        SetRole(neighbour, writer, eager: true);
        neighbour.ToGraft.Remove(writer);
        _grafts++;
        sends.Add((neighbour.Link, new GraftFrame([new UpdateRange(writer, nextSequence, 1)])));
    }

    /// <summary>
    /// The neighbour joins the writer's tree at this end at once, and is asked to push the writer's next update with the
    /// link's next push or IHAVE, or alone at the tree-change hold, as a prune is (<see cref="HoldPrune"/>): such a graft
    /// only moves the tree nearer the writer, for an update the writer has not written yet. Sent at once, the grafts of
    /// a first flood's shorter paths and second parents each cost the two peers a wake-up while the floods still crossed
    /// the mesh (simulated, 100 nodes of degree 6, a writer every 200 ms: 6,000 grafts for 63,300 pushes).
    /// </summary>
    private void HoldGraft(Neighbour neighbour, string writer, long nextSequence)
    {
        SetRole(neighbour, writer, eager: true);
        neighbour.ToGraft[writer] = Math.Max(nextSequence, neighbour.ToGraft.GetValueOrDefault(writer));
        neighbour.TreeChangesSince ??= Now;
    }

    /// <summary>The neighbour, if still linked and not the one kept, no longer pushes the writer's updates here.</summary>
    private void PruneUnless(string? peerId, string kept, string writer)
    {
        if (peerId is not null && peerId != kept && _neighbours.TryGetValue(peerId, out var pruned))
        {
            HoldPrune(pruned, writer);
        }
    }

    /// <summary>
    /// The link stops pushing the writer's updates from this side at once, and the neighbour is told with the link's next
    /// push or IHAVE, or at the tree-change hold. A prune only shapes the tree for the writer's next update: sent the
    /// moment a duplicate arrived, a first flood's prunes (one for nearly every duplicate) competed for the peers' cores
    /// with the flood itself, and the writers' first updates were the slowest (measured at 100 peers: bench/README.md).
    /// Sent alone after the announce hold, a prune or a shorter path's announcement was one send in three of a first
    /// flood (simulated, 100 nodes of degree 6, a writer every 200 ms: 104,500 link sends for 63,700 pushes); going with
    /// the pushes of the floods that follow, 69,500.
    /// </summary>
    private void HoldPrune(Neighbour neighbour, string writer)
    {
        SetRole(neighbour, writer, eager: false);
        neighbour.ToGraft.Remove(writer);
        neighbour.ToPrune.Add(writer);
        neighbour.TreeChangesSince ??= Now;
    }

    /// <summary>
    /// Whether the sender of a duplicate push will prune this peer's own push of the same update, which crossed it: a
    /// prune turns the link lazy at both ends, so one of the two is enough, and this peer only turns its end lazy.
    /// The sender had the update before this peer's push came (it pushed it), so that push is a duplicate there too;
    /// it keeps it rather than prune it if this peer is nearer the writer (a second parent or a shorter path), and
    /// leaves the prune to this peer if this peer is one hop farther (<see cref="MayBeSecondParentThere"/>), so this
    /// peer relies on the sender's prune when it is as near the writer as the sender or two hops farther or more. In a first flood
    /// nearly every duplicate crossed another, and a prune for each, with the grafts that answered second parents'
    /// prunes, came to 0.9 control frames per push (simulated, 100 peers of degree 6; 0.37 now): at 100 peers the
    /// writers' first floods took twice flooding's CPU (bench/README.md). Both ends judge the hop counts the two pushes
    /// carried, not their paths now: judged on its path, a peer that had moved nearer since its push relied on a prune
    /// its neighbour did not send, and 23 links per writer were left pushing at one end after the first floods.
    /// </summary>
    /// <param name="duplicate">The duplicate, whose hop count is the sender's path and one.</param>
    private static bool PrunesItself(Neighbour sender, Update duplicate) =>
        CrossedWith(sender, duplicate) is { } mine && (mine == duplicate.Hops || mine > duplicate.Hops + 1);

    /// <summary>
    /// Whether the sender of a duplicate push that crossed this peer's own is one hop farther from the writer than this
    /// peer, so that this peer's copy came to it by a path as short as its parent's: it keeps this peer as its second
    /// parent if it has none, and prunes this peer's push itself if it has one. This peer prunes nothing then: a prune
    /// would only be answered with a graft. Judged, like <see cref="PrunesItself"/>, on the hop counts the pushes carried.
    /// </summary>
    private bool MayBeSecondParentThere(Neighbour sender, Update duplicate) =>
        _options.Parents > 1 && CrossedWith(sender, duplicate) is { } mine && duplicate.Hops == mine + 1;

    /// <summary>
    /// Whether this peer's push of the update, which crossed the sender's duplicate, came by a path shorter than the
    /// sender's by more than the shortcut threshold: arriving there, it moves the sender's parent here (the shorter copy
    /// in <see cref="OnDuplicate"/>, at its end), so this peer prunes nothing and its link stays in the writer's tree.
    /// Pruned, the sender would have answered with a graft: simulated (100 nodes of degree 6, 1 to 20 ms a frame), 80
    /// such prune and graft pairs per first flood, two fifths of its prunes and two thirds of its grafts. Both ends
    /// judge the two pushes' hop counts, which the sender's later moves do not change (<see cref="LeftThePruneHere"/>).
    /// </summary>
    private bool MovesHere(Neighbour sender, Update duplicate) =>
        CrossedWith(sender, duplicate) is { } mine && mine <= duplicate.Hops - 1 - _options.ShorterPathHops;

    /// <summary>
    /// The other end of <see cref="MovesHere"/>: the sender's push, which crossed this peer's, came by a path so much
    /// shorter that the sender counts on this peer moving its parent there and prunes nothing. When this peer does not
    /// move (a shorter copy has come since, or its end of the link is lazy), it prunes the link itself.
    /// </summary>
    private bool LeftThePruneHere(Neighbour sender, Update duplicate) =>
        CrossedWith(sender, duplicate) is { } mine && duplicate.Hops <= mine - 1 - _options.ShorterPathHops;

    /// <summary>When this peer pushed the duplicate's update to its sender too, the hop count its push carried.</summary>
    private static int? CrossedWith(Neighbour sender, Update duplicate) =>
        sender.LastPushed.TryGetValue(duplicate.Writer, out var pushed) && pushed.Sequence == duplicate.Sequence ? pushed.Hops : null;

    /// <summary>
    /// A neighbour asks for no more pushes of the writer, and gets none; it also pushes none here. Unless it is one of
    /// this peer's parents for the writer: its prune answered a push this peer sent before it chose the neighbour (a
    /// parent is never pushed to), and a graft of the writer's next update asks it to push again.
    /// </summary>
    private void Pruned(IGossipLink from, string writer)
    {
        var sends = new List<(IGossipLink, Frame)>();
        lock (_gate)
        {
            var path = _paths.GetValueOrDefault(writer);
            if ((path?.Parent == from.RemotePeerId || path?.Second == from.RemotePeerId) && _neighbours.TryGetValue(from.RemotePeerId, out var parent))
            {
                Graft(parent, writer, _store.Summary()[writer] + 1, sends);
            }
            else
            {
                SetRole(from, [writer], eager: false);
            }
        }

        SendTogether(sends);
    }

    /// <summary>A neighbour that asks this peer for a writer's updates is not nearer the writer (its path was cut, or
    /// runs through this peer now): if it was this peer's second parent for the writer, it is pushed to again.</summary>
    private void NoLongerSecond(IGossipLink from, IReadOnlyList<UpdateRange> wanted)
    {
        lock (_gate)
        {
            foreach (var writer in wanted.Select(r => r.Writer).Distinct(StringComparer.Ordinal))
            {
                DropSecond(writer, from.RemotePeerId);
            }
        }
    }

    /// <summary>The neighbour is no longer this peer's second parent for the writer, if it was.</summary>
    private void DropSecond(string writer, string peerId)
    {
        if (_paths.GetValueOrDefault(writer) is { } path && path.Second == peerId)
        {
            _paths[writer] = path with { Second = null };
        }
    }

    private void Grafted(IGossipLink from, IReadOnlyList<UpdateRange> wanted)
    {
        NoLongerSecond(from, wanted);
        SetRole(from, wanted.Select(r => r.Writer), eager: true);
        Answer(from, wanted, UpdateOrigin.Graft);
    }

    private void Answer(IGossipLink to, IReadOnlyList<UpdateRange> wanted, UpdateOrigin origin)
    {
        var answers = wanted.SelectMany(r => _store.Range(r.Writer, r.FirstSeq, r.Count)).Select(u => u with { Hops = HopsThroughHere(u) });
        SendTogether(Allowed(answers.Select(u => (to, new UpdateFrame(u, origin))).ToList()));
    }

    /// <summary>A push of the writer reached this peer: its tree still does, and no fetched update of the writer needs its parent replaced.</summary>
    private void ParentStillPushes(string writer)
    {
        if (_awaitingPush.Count > 0)
        {
            foreach (var id in _awaitingPush.Keys.Where(id => id.Writer == writer).ToList())
            {
                _awaitingPush.Remove(id);
            }

            DisarmWhenIdle();
        }
    }

    /// <summary>The path a new update came by, from the neighbour that pushed it (none for this peer's own writes). With
    /// two parents, the other neighbour whose path was as short stays as the second parent.</summary>
    private PushPath PathVia(string? sender, int hops, PushPath? old)
    {
        if (_options.Parents < 2 || sender is null || old is null || old.Hops != hops)
        {
            return new PushPath(sender, hops);
        }

        var other = old.Parent != sender ? old.Parent : old.Second;
        return new PushPath(sender, hops, other is not null && _neighbours.ContainsKey(other) ? other : null);
    }

    /// <summary>The links an update held here crosses from its writer to a neighbour: one more than this peer's push path
    /// (the store keeps no path, and a grafting peer's tree is measured by it).</summary>
    private int HopsThroughHere(Update update)
    {
        lock (_gate)
        {
            return _paths.TryGetValue(update.Writer, out var path) ? path.Hops + 1 : update.Hops;
        }
    }

    private void SetRole(IGossipLink link, IEnumerable<string> writers, bool eager)
    {
        lock (_gate)
        {
            if (_neighbours.TryGetValue(link.RemotePeerId, out var neighbour))
            {
                foreach (var writer in writers)
                {
                    SetRole(neighbour, writer, eager);
                }
            }
        }
    }

    private void SetRole(Neighbour neighbour, string writer, bool eager)
    {
        _writers.Add(writer);
        neighbour.Set(writer, eager);
    }

    private bool IsEager(Neighbour neighbour) => _writers.Count == 0 || _writers.Any(neighbour.PushesFor);

    /// <summary>The updates to send, none while the drop-updates fault is on.</summary>
    private IReadOnlyList<(IGossipLink, Frame)> Allowed(IReadOnlyList<(IGossipLink Link, UpdateFrame Frame)> sends)
    {
        if (_drop is { On: true })
        {
            _drop.Withheld(sends.Count);
            return [];
        }

        return [.. sends.Select(s => (s.Link, (Frame)s.Frame))];
    }

    /// <summary>Sends each link's frames together, in the order given.</summary>
    private static void SendTogether(IReadOnlyList<(IGossipLink Link, Frame Frame)> sends)
    {
        if (sends.Count == 1)
        {
            sends[0].Link.Send(sends[0].Frame);
            return;
        }

        foreach (var link in sends.GroupBy(s => s.Link, s => s.Frame))
        {
            link.Key.Send([.. link]);
        }
    }

    /// <summary>
    /// An announcement (or a prune, HoldPrune) waits the announce hold, and one that follows the last batch by less than
    /// an announce delay gathers until a delay after it, so each link carries at most one IHAVE per delay. Announcements only repair: sent the
    /// moment a push arrived, every peer's IHAVEs reached its lazy neighbours while the same update's pushes were still
    /// crossing the mesh, and the peers on the pushes' path waited for cores busy reading announcements (measured at 100
    /// peers: p50 12.6 ms not held, 6.5 ms held 20 ms; bench/README.md). With no hold and a quiet link, an announcement
    /// goes at once, with no timer.
    /// </summary>
    private IReadOnlyList<(IGossipLink, Frame)> ControlDue()
    {
        var now = Now;
        if (EarliestControlDue(now) is not { } due)
        {
            return [];
        }

        var at = due > now + _options.AnnounceHold ? due : now + _options.AnnounceHold;
        if (_flushedAt is { } last && last + _options.AnnounceDelay > at)
        {
            at = last + _options.AnnounceDelay;
        }

        if (_flushAt <= at)
        {
            return [];
        }

        if (at > now)
        {
            _flushAt = at;
            Arm(at, now);
            return [];
        }

        var frames = FlushControl(now);
        frames.AddRange(ControlDue());
        return frames;
    }

    /// <summary>Now when an announcement waits on any link; otherwise the earliest of when the oldest tree change stops
    /// waiting for traffic to go with (<see cref="LazyPushOptions.TreeChangeHold"/>) and when an announcement held back
    /// from a nearer neighbour is due (<see cref="LazyPushOptions.BackupHold"/>); null when nothing waits.</summary>
    private TimeSpan? EarliestControlDue(TimeSpan now)
    {
        TimeSpan? earliest = null;
        foreach (var neighbour in _neighbours.Values)
        {
            if (neighbour.ToAnnounce.Count > 0)
            {
                return now;
            }

            if (neighbour.TreeChangesSince is { } since && (earliest is null || since + _options.TreeChangeHold < earliest))
            {
                earliest = since + _options.TreeChangeHold;
            }

            foreach (var (_, due) in neighbour.HeldBack)
            {
                if (earliest is null || due < earliest)
                {
                    earliest = due;
                }
            }
        }

        return earliest;
    }

    private void OnTimer()
    {
        var sends = new List<(IGossipLink Link, Frame Frame)>();
        lock (_gate)
        {
            _wakeAt = null;
            var now = Now;
            if (_flushAt <= now)
            {
                _flushAt = null;
                sends.AddRange(FlushControl(now));
            }

            sends.AddRange(FetchesDue(now));
            sends.AddRange(GraftsDue(now));
            ReplaceParentsNotPushing(now, sends);
            sends.AddRange(ControlDue());
            if (NextWake() is { } next)
            {
                Arm(next, now);
            }
        }

        SendTogether(sends);
    }

    private List<(IGossipLink, Frame)> FlushControl(TimeSpan now)
    {
        _flushedAt = now;
        var frames = new List<(IGossipLink, Frame)>();
        foreach (var neighbour in _neighbours.Values)
        {
            var backups = neighbour.TakeBackupsDue(now);
            if (neighbour.ToAnnounce.Count > 0 || backups.Count > 0 || neighbour.TreeChangesSince + _options.TreeChangeHold <= now)
            {
                TakeControl(neighbour, [.. neighbour.ToAnnounce, .. backups, .. neighbour.PathNews], frames);
                neighbour.ToAnnounce.Clear();
            }
        }

        return frames;
    }

    /// <summary>The given announcements and the link's waiting tree changes (shorter paths and prunes), in as few frames
    /// as they fit, to go now.</summary>
    private void TakeControl(Neighbour neighbour, IReadOnlyList<Announced> announced, List<(IGossipLink, Frame)> frames)
    {
        var ranges = announced.GroupBy(a => a.Hops).SelectMany(h => UpdateRange.Cover(h.Select(a => a.Id)).Select(r => new AnnouncedRange(r, h.Key)));
        frames.AddRange(ranges.Chunk(FrameCodec.MaxRangesPerFrame).Select(batch => (neighbour.Link, (Frame)new IHaveFrame(batch))));
        foreach (var writer in neighbour.ToPrune.Where(w => !neighbour.PushesFor(w)))
        {
            frames.Add((neighbour.Link, new PruneFrame(writer)));
            _prunes++;
        }

        // Called with every push, so nothing is built for the link that has no graft waiting, nearly every one.
        if (neighbour.ToGraft.Count > 0)
        {
            var grafts = neighbour.ToGraft.Where(g => neighbour.PushesFor(g.Key)).Select(g => new UpdateRange(g.Key, FirstNotHeld(g.Key, g.Value), 1));
            foreach (var batch in grafts.Chunk(FrameCodec.MaxRangesPerFrame))
            {
                frames.Add((neighbour.Link, new GraftFrame(batch)));
                _grafts++;
            }

            neighbour.ToGraft.Clear();
        }

        neighbour.PathNews.Clear();
        neighbour.ToPrune.Clear();
        neighbour.TreeChangesSince = null;
    }

    /// <summary>The first of the writer's updates from the given one on that this peer does not hold: the updates a held
    /// graft named may have come since.</summary>
    private long FirstNotHeld(string writer, long sequence)
    {
        while (_store.Range(writer, sequence, 1).Count > 0)
        {
            sequence++;
        }

        return sequence;
    }

    /// <summary>Each update whose wait is over is grafted from its next announcer, whose link turns eager for its writer; with none left, anti-entropy will bring it.</summary>
    private IEnumerable<(IGossipLink, Frame)> GraftsDue(TimeSpan now)
    {
        var wanted = new List<(string Announcer, UpdateId Id)>();
        foreach (var (id, missing) in _missing.Where(m => m.Value.Due <= now).ToList())
        {
            if (missing.NextAnnouncer() is not { } announcer)
            {
                _missing.Remove(id);
                continue;
            }

            missing.Due = now + _options.GraftRetry;
            SetRole(_neighbours[announcer], id.Writer, eager: true);
            wanted.Add((announcer, id));
        }

        var frames = Ask(wanted, ranges => new GraftFrame(ranges));
        _grafts += frames.Count;
        return frames;
    }

    /// <summary>Each update whose push is later than the fetch timeout is fetched from the announcer with the shortest path;
    /// if the fetch goes unanswered, the graft still goes to the announcers in the order they announced.</summary>
    private List<(IGossipLink, Frame)> FetchesDue(TimeSpan now)
    {
        var wanted = new List<(string Announcer, UpdateId Id)>();
        foreach (var (id, missing) in _missing.Where(m => m.Value.FetchDue <= now))
        {
            missing.FetchDue = null;
            if (missing.FetchFrom() is { } announcer)
            {
                wanted.Add((announcer, id));
            }
        }

        var frames = Ask(wanted, ranges => new FetchFrame(ranges));
        _fetches += frames.Count;
        return frames;
    }

    /// <summary>Frames asking each announcer for the updates wanted from it, as few as the ranges allow.</summary>
    private List<(IGossipLink, Frame)> Ask(List<(string Announcer, UpdateId Id)> wanted, Func<UpdateRange[], Frame> frame) =>
        wanted.GroupBy(w => w.Announcer, StringComparer.Ordinal)
            .SelectMany(asked => Batches(asked.Select(w => w.Id)).Select(ranges => (_neighbours[asked.Key].Link, frame(ranges))))
            .ToList();

    /// <summary>A fetched update whose parent's push has not come by the graft timeout: the parent no longer pushes this
    /// writer here (its link closed, or it stopped), and the announcer that answered replaces it. When the parent itself
    /// answered, it holds the writer's updates and announces them instead of pushing: its end of the link turned lazy
    /// while this end waits for pushes (measured at 100 peers: a few peers fetched every update of a writer from their
    /// parent, 40-50 ms late, for the whole run), and a graft turns it eager again.</summary>
    private void ReplaceParentsNotPushing(TimeSpan now, List<(IGossipLink, Frame)> sends)
    {
        foreach (var (id, awaited) in _awaitingPush.Where(a => a.Value.Due <= now).ToList())
        {
            _awaitingPush.Remove(id);
            if (!_neighbours.TryGetValue(awaited.FetchedFrom, out var answerer))
            {
                continue;
            }

            if (_paths.GetValueOrDefault(id.Writer)?.Parent != awaited.FetchedFrom)
            {
                ReplaceParent(answerer, id.Writer, id.Sequence + 1, awaited.Hops, sends);
            }
            else
            {
                Graft(answerer, id.Writer, id.Sequence + 1, sends);
            }
        }
    }

    private static IEnumerable<UpdateRange[]> Batches(IEnumerable<UpdateId> ids) => UpdateRange.Cover(ids).Chunk(FrameCodec.MaxRangesPerFrame);

    private TimeSpan? NextWake()
    {
        var next = _flushAt;
        foreach (var due in _missing.Values.Select(m => m.FetchDue ?? m.Due).Concat(_awaitingPush.Values.Select(a => a.Due)))
        {
            if (next is null || due < next)
            {
                next = due;
            }
        }

        return next;
    }

    /// <summary>Wakes at the given time, unless the timer is set to wake sooner already.</summary>
    private void Arm(TimeSpan at, TimeSpan now)
    {
        if (_wakeAt <= at)
        {
            return;
        }

        _wakeAt = at;
        _timer.Change(at - now, Timeout.InfiniteTimeSpan);
    }

    /// <summary>After announcements were withdrawn or tree changes went with a push: the flush waits only for what still
    /// waits, the timer with it, and whatever is due already goes.</summary>
    private IReadOnlyList<(IGossipLink, Frame)> Rescheduled(TimeSpan now)
    {
        if (EarliestControlDue(now) is not { } due || _flushAt < due)
        {
            _flushAt = null;
        }

        var sends = ControlDue();
        Rearm(now);
        return sends;
    }

    /// <summary>Sets the timer to the next thing due, later as well as sooner, or stops it when nothing is.</summary>
    private void Rearm(TimeSpan now)
    {
        var next = NextWake();
        if (next == _wakeAt)
        {
            return;
        }

        _wakeAt = next;
        _timer.Change(next is { } at ? at - now : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void DisarmWhenIdle()
    {
        if (_missing.Count == 0 && _awaitingPush.Count == 0 && _flushAt is null && _wakeAt is not null)
        {
            _wakeAt = null;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private sealed class Neighbour(IGossipLink link)
    {
        /// <summary>The writers whose updates are only announced on this link; every other writer's are pushed.</summary>
        private readonly HashSet<string> _lazyFor = new(StringComparer.Ordinal);

        public IGossipLink Link => link;

        public bool PushesFor(string writer) => !_lazyFor.Contains(writer);

        public void Set(string writer, bool eager)
        {
            if (eager)
            {
                _lazyFor.Remove(writer);
            }
            else
            {
                _lazyFor.Add(writer);
            }
        }

        /// <summary>Updates to name in the next IHAVE on this link.</summary>
        public List<Announced> ToAnnounce { get; } = [];

        /// <summary>Updates this peer now holds by a shorter path, to name again with the new hop count; they go with the
        /// link's next push or IHAVE, or alone at the tree-change hold.</summary>
        public List<Announced> PathNews { get; } = [];

        /// <summary>Writers pruned on this link and not yet told, sent with the link's next push or IHAVE, or alone at the
        /// tree-change hold, unless the link pushes them again by then.</summary>
        public HashSet<string> ToPrune { get; } = new(StringComparer.Ordinal);

        /// <summary>Writers this peer took the neighbour as a parent for and has not yet asked to push, with the update
        /// to push from, asked with the link's next push or IHAVE, or alone at the tree-change hold, unless the link is
        /// pruned again by then.</summary>
        public Dictionary<string, long> ToGraft { get; } = new(StringComparer.Ordinal);

        /// <summary>When the oldest shorter path, prune or graft still waiting was queued.</summary>
        public TimeSpan? TreeChangesSince { get; set; }

        /// <summary>Updates to announce to this neighbour, nearer their writer than this peer, when they are due: each only
        /// backs up the neighbour's own path, and the neighbour's announcement of it normally withdraws it first.</summary>
        public List<(Announced Announced, TimeSpan Due)> HeldBack { get; } = [];

        /// <summary>Removes and returns the held-back announcements due by now.</summary>
        public List<Announced> TakeBackupsDue(TimeSpan now)
        {
            var due = HeldBack.Where(h => h.Due <= now).Select(h => h.Announced).ToList();
            if (due.Count > 0)
            {
                HeldBack.RemoveAll(h => h.Due <= now);
            }

            return due;
        }

        /// <summary>Per writer, the links from the writer to this peer through the neighbour, as its last announcement
        /// of the writer's updates showed.</summary>
        public Dictionary<string, int> OfferedHops { get; } = new(StringComparer.Ordinal);

        /// <summary>Whether the neighbour's own announcement of the writer's update normally comes first: its announcements
        /// showed it nearer the writer than an announcement of the given hops shows this peer, or as near, and of two
        /// such ends the one with the lower id announces at once.</summary>
        public bool AnnouncesFirst(string writer, int hops, string selfId) =>
            OfferedHops.TryGetValue(writer, out var offered) &&
            (offered < hops || (offered == hops && string.CompareOrdinal(link.RemotePeerId, selfId) < 0));

        /// <summary>Drops the waiting announcements, of new updates or of shorter paths, that match.</summary>
        public void Withdraw(Predicate<Announced> match)
        {
            ToAnnounce.RemoveAll(match);
            PathNews.RemoveAll(match);
            HeldBack.RemoveAll(h => match(h.Announced));
        }

        /// <summary>Per writer, the last update pushed on this link and the links it will have crossed from the writer
        /// when it arrives.</summary>
        public Dictionary<string, (long Sequence, int Hops)> LastPushed { get; } = new(StringComparer.Ordinal);

        /// <summary>Per writer, the last update the neighbour pushed here and the links it crossed from the writer to this
        /// peer: one more than the neighbour's own path.</summary>
        public Dictionary<string, (long Sequence, int Hops)> PushedHere { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>An update announced and not held: who announced it, first first, when to fetch it (until fetched) and when
    /// to graft it from the next of them; and which announcer offered the shortest path from its writer.</summary>
    private sealed class Missing(TimeSpan? fetchDue, TimeSpan due)
    {
        private readonly List<string> _announcers = [];
        private readonly HashSet<string> _heard = new(StringComparer.Ordinal);

        public TimeSpan? FetchDue { get; set; } = fetchDue;

        public TimeSpan Due { get; set; } = due;

        public (string PeerId, int Hops)? Shortest { get; private set; }

        public void Heard(string peerId, int hops)
        {
            if (_heard.Add(peerId))
            {
                _announcers.Add(peerId);
            }

            if (Shortest is null || hops < Shortest.Value.Hops)
            {
                Shortest = (peerId, hops);
            }
        }

        public void Forget(string peerId) => _announcers.Remove(peerId);

        /// <summary>Every neighbour that announced it, grafted already or not.</summary>
        public IReadOnlyCollection<string> Announcers => _heard;

        /// <summary>The announcer of the shortest path while still linked, else the first.</summary>
        public string? FetchFrom() =>
            Shortest is { } shortest && _announcers.Contains(shortest.PeerId) ? shortest.PeerId : _announcers.FirstOrDefault();

        public string? NextAnnouncer()
        {
            if (_announcers.Count == 0)
            {
                return null;
            }

            var next = _announcers[0];
            _announcers.RemoveAt(0);
            return next;
        }
    }
}

/// <summary>An update to announce, and the links it will have crossed from its writer when it reaches the neighbour.</summary>
internal readonly record struct Announced(UpdateId Id, int Hops);

/// <summary>A fetched update whose parent's push is awaited until <paramref name="Due"/>; the links from its writer through the neighbour that answered.</summary>
internal sealed record AwaitedPush(TimeSpan Due, string FetchedFrom, int Hops);

/// <summary>How a writer's pushes reach this peer: the neighbour they came from last (none for its own writes), the
/// links they crossed from the writer, and the second parent, a neighbour whose pushes come by as short a path.</summary>
internal sealed record PushPath(string? Parent, int Hops, string? Second = null);

/// <summary>A lazy-push peer's links at one moment, and the grafts, fetches and prunes it has sent.</summary>
/// <param name="EagerLinks">Links that push the updates of at least one writer heard of.</param>
/// <param name="LazyLinks">Links that only announce.</param>
public sealed record GossipFigures(int EagerLinks, int LazyLinks, long GraftsSent, long FetchesSent, long PrunesSent);
