namespace CMesh.Peer.Sync;

/// <summary>The timings of lazy-push gossip.</summary>
/// <param name="AnnounceHold">How long an update waits before it is announced, and a prune before it is sent, so that
/// an update's pushes cross the mesh before the announcements and prunes, which only repair and shape the tree, compete
/// with them for the peers' cores.</param>
/// <param name="AnnounceDelay">The least time between two batches of IHAVEs and prunes: announcements and prunes that
/// follow the last batch by less gather until a delay after it.</param>
/// <param name="FetchTimeout">How long an announced update may take to arrive pushed before it is fetched from an announcer,
/// leaving the tree as it is; null never fetches, and only the graft timeout applies. Above the eager path's p99 on a
/// host with cores to spare, so that a fetch answers a push held up by a busy peer, and is otherwise rare.</param>
/// <param name="GraftTimeout">How long an announced update may take to arrive pushed before it is grafted, or, once
/// fetched, how long its parent's push may take before the announcer replaces the parent. Above the eager path's p99 on
/// a saturated host, so that grafts, with their duplicates and tree changes, stay rare.</param>
/// <param name="GraftRetry">How long a graft may go unanswered before the next announcer is grafted.</param>
/// <param name="ShorterPathHops">How many hops shorter an announcer's path from a writer must be than the path this
/// peer's pushes of that writer take before the announcer replaces the parent in the writer's tree.</param>
/// <param name="Parents">How many neighbours push each writer's updates to this peer, by paths of the same length: 1 is
/// Plumtree's tree; with 2, a peer takes the first of two copies, as a flood takes the first of several, so a parent
/// that waits for a core no longer holds up its subtree alone.</param>
/// <param name="BackupHold">How long an announcement waits for a neighbour whose own announcements show it nearer the
/// writer: it only backs up that neighbour's own path, and the neighbour's announcement of the same update, which
/// withdraws it, normally comes first, so each lazy link carries an update's announcement one way rather than both.
/// Longer than the announce hold by the time an announcement takes to cross a busy host.</param>
/// <param name="TreeChangeHold">How long a prune, the announcement of a shorter path, or a graft that takes a shorter
/// path or a second parent, may wait for a push or an IHAVE on its link to go with: each only shapes the tree for a
/// writer's next update, and sent alone each costs the two peers a wake-up while the first floods are still crossing
/// the mesh.</param>
public sealed record LazyPushOptions(
    TimeSpan AnnounceHold, TimeSpan AnnounceDelay, TimeSpan? FetchTimeout, TimeSpan GraftTimeout, TimeSpan GraftRetry, int ShorterPathHops, int Parents,
    TimeSpan BackupHold, TimeSpan TreeChangeHold)
{
    public static readonly LazyPushOptions Default = new(
        TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(100), ShorterPathHops: 1, Parents: 2,
        BackupHold: TimeSpan.FromMilliseconds(100), TreeChangeHold: TimeSpan.FromMilliseconds(500));
}
