using CMesh.Common.Contracts;
using CMesh.Peer.Faults;
using CMesh.Peer.Network;
using CMesh.Peer.Sync;
using CMesh.Tests.Timing;

namespace CMesh.Tests.Peer.Gossip;

public sealed class LazyPushGossipTests : IDisposable
{
    /// <summary>The default timings, but announcing and pruning without a hold (the holds have tests of their own).</summary>
    private static readonly LazyPushOptions Options = LazyPushOptions.Default with { AnnounceHold = TimeSpan.Zero, TreeChangeHold = TimeSpan.Zero };
    private const string SelfId = "peer-here";

    /// <summary>The default timings with one parent per writer, so that a neighbour as near the writer as the parent stays lazy.</summary>
    private static readonly LazyPushOptions OneParent = LazyPushOptions.Default with { Parents = 1 };
    private readonly TimerWatchingClock _clock = new();
    private readonly LogStore _store = new();
    private readonly UpdateDrop _drop = new();
    private readonly LazyPushGossip _gossip;

    public LazyPushGossipTests() => _gossip = new LazyPushGossip(SelfId, _store, _clock, Options, _drop);

    [Fact]
    public void New_links_start_eager()
    {
        var (a, b) = (Open("peer-a"), Open("peer-b"));

        _gossip.Forward(Push("me", 1), from: null);

        Assert.Equal((GossipRole.Eager, GossipRole.Eager), (_gossip.RoleOf("peer-a"), _gossip.RoleOf("peer-b")));
        Assert.Equal(("me", 1L, UpdateOrigin.Push), Pushed(Assert.Single(a.Take())));
        Assert.Equal(("me", 1L, UpdateOrigin.Push), Pushed(Assert.Single(b.Take())));
    }

    [Fact]
    public void A_link_is_eager_while_it_pushes_for_some_writer_heard_of_and_lazy_once_it_only_announces()
    {
        var a = Open("peer-a");
        var beforeAnyWriter = _gossip.RoleOf("peer-a");
        _gossip.OnControl(a, new PruneFrame("writer-a"));
        var lazyForTheOnlyWriter = _gossip.RoleOf("peer-a");
        _gossip.Forward(Push("writer-b", 1), from: null);
        var eagerForANewWriter = _gossip.RoleOf("peer-a");
        _gossip.OnControl(a, new PruneFrame("writer-b"));

        Assert.Equal((GossipRole.Eager, GossipRole.Lazy, GossipRole.Eager), (beforeAnyWriter, lazyForTheOnlyWriter, eagerForANewWriter));
        Assert.Equal(GossipRole.Lazy, _gossip.RoleOf("peer-a"));
        Assert.Equal(new GossipFigures(0, 1, 0, 0, 0), _gossip.Figures());
    }

    [Fact]
    public void A_link_is_eager_once_open_lazy_after_a_prune_eager_again_after_a_graft_and_has_no_part_once_closed()
    {
        var a = Open("peer-a");
        var opened = _gossip.RoleOf("peer-a");
        _gossip.OnControl(a, new PruneFrame("w"));
        var pruned = _gossip.RoleOf("peer-a");
        _gossip.OnControl(a, new GraftFrame([new UpdateRange("w", 1, 1)]));
        var grafted = _gossip.RoleOf("peer-a");
        _gossip.OnLinkClosed(a);

        Assert.Equal((GossipRole.Eager, GossipRole.Lazy, GossipRole.Eager), (opened, pruned, grafted));
        Assert.Null(_gossip.RoleOf("peer-a"));
        Assert.Null(_gossip.RoleOf("peer-never-linked"));
    }

    [Fact]
    public void A_push_duplicate_prunes_the_sender_and_the_sender_turns_lazy()
    {
        var (a, b) = (Open("peer-a"), Open("peer-b"));

        _gossip.OnDuplicate(a, Push("w", 1));

        Assert.Equal(new PruneFrame("w"), Assert.Single(a.Take()));
        Assert.Equal(GossipRole.Lazy, _gossip.RoleOf("peer-a"));
        _gossip.Forward(Push("w", 2), from: b);
        _clock.Advance(Options.AnnounceDelay);
        Assert.Equal([new UpdateRange("w", 2, 1)], AnnouncedRanges(Assert.Single(a.Take())));
        Assert.Equal(new GossipFigures(1, 1, 0, 0, 1), _gossip.Figures());
    }

    [Theory]
    [InlineData(UpdateOrigin.Resync)]
    [InlineData(UpdateOrigin.Graft)]
    public void Resync_and_graft_duplicates_never_prune(UpdateOrigin origin)
    {
        var a = Open("peer-a");

        _gossip.OnDuplicate(a, Push("w", 1) with { Origin = origin });

        Assert.Empty(a.Take());
        Assert.Equal(GossipRole.Eager, _gossip.RoleOf("peer-a"));
    }

    [Fact]
    public void A_duplicate_push_prunes_the_link_for_its_writer_only_and_other_writers_updates_are_still_pushed_on_it()
    {
        var (a, from) = (Open("peer-a"), Open("peer-from"));

        _gossip.OnDuplicate(a, Push("writer-a", 1));
        _gossip.Forward(Push("writer-a", 2), from);
        _gossip.Forward(Push("writer-b", 1), from);
        _clock.Advance(Options.AnnounceDelay);

        var sent = a.Take();
        Assert.Equal(3, sent.Count);
        Assert.Equal(new PruneFrame("writer-a"), sent[0]);
        Assert.Equal(("writer-b", 1L, UpdateOrigin.Push), Pushed(sent[1]));
        Assert.Equal([new UpdateRange("writer-a", 2, 1)], AnnouncedRanges(sent[2]));
        Assert.Equal((GossipRole.Lazy, GossipRole.Eager), (_gossip.RoleOf("peer-a", "writer-a"), _gossip.RoleOf("peer-a", "writer-b")));
        Assert.Equal(GossipRole.Eager, _gossip.RoleOf("peer-a"));
    }

    [Fact]
    public void A_prune_received_turns_the_link_lazy_for_its_writer_only()
    {
        var a = Open("peer-a");

        _gossip.OnControl(a, new PruneFrame("writer-a"));

        Assert.Equal((GossipRole.Lazy, GossipRole.Eager), (_gossip.RoleOf("peer-a", "writer-a"), _gossip.RoleOf("peer-a", "writer-b")));
        Assert.Empty(a.Take());
    }

    [Fact]
    public void A_graft_received_turns_the_link_eager_for_the_grafted_writers_only()
    {
        var a = Open("peer-a");
        foreach (var writer in new[] { "writer-a", "writer-b", "writer-c" })
        {
            _gossip.OnControl(a, new PruneFrame(writer));
        }

        _gossip.OnControl(a, new GraftFrame([new UpdateRange("writer-a", 1, 1), new UpdateRange("writer-c", 4, 2)]));

        Assert.Equal(
            [GossipRole.Eager, GossipRole.Lazy, GossipRole.Eager],
            new[] { "writer-a", "writer-b", "writer-c" }.Select(w => _gossip.RoleOf("peer-a", w)));
    }

    [Fact]
    public void A_first_receipt_is_pushed_to_eager_links_and_announced_to_lazy_links_at_once_and_those_within_the_delay_after_it_in_one_batch()
    {
        var (from, eager, lazy1, lazy2) = (Open("peer-from"), Open("peer-eager"), Open("peer-lazy1"), Open("peer-lazy2"));
        Prune(lazy1, lazy2);

        foreach (var sequence in new long[] { 3, 4, 5 })
        {
            _gossip.Forward(Push("w", sequence), from);
        }

        Assert.Equal([3L, 4L, 5L], eager.Take().Select(f => Pushed(f).Sequence));
        Assert.Equal([new UpdateRange("w", 3, 1)], AnnouncedRanges(Assert.Single(lazy1.Take())));
        Assert.Equal([new UpdateRange("w", 3, 1)], AnnouncedRanges(Assert.Single(lazy2.Take())));
        _clock.Advance(Options.AnnounceDelay - TimeSpan.FromMilliseconds(1));
        Assert.Empty(lazy1.Take());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([new UpdateRange("w", 4, 2)], AnnouncedRanges(Assert.Single(lazy1.Take())));
        Assert.Equal([new UpdateRange("w", 4, 2)], AnnouncedRanges(Assert.Single(lazy2.Take())));
        Assert.Empty(from.Take());
        Assert.False(_clock.AnyTimerArmed);

        _clock.Advance(Options.AnnounceDelay);
        _gossip.Forward(Push("w", 6), from);
        Assert.Equal([new UpdateRange("w", 6, 1)], AnnouncedRanges(Assert.Single(lazy1.Take())));
        Assert.False(_clock.AnyTimerArmed, "after a quiet delay an announcement goes at once, with no timer");
    }

    [Fact]
    public void An_update_learnt_by_resync_is_announced_even_on_eager_links_and_a_graft_answer_mending_a_tree_is_pushed()
    {
        var (from, to) = (Open("peer-from"), Open("peer-to"));

        _gossip.Forward(Push("w", 1) with { Origin = UpdateOrigin.Resync }, from);
        _gossip.Forward(Push("w", 2) with { Origin = UpdateOrigin.Graft }, from);

        var sent = to.Take();
        Assert.Equal(2, sent.Count);
        Assert.Equal([new AnnouncedRange(new UpdateRange("w", 1, 1), AnnouncedRange.NoPath)], Assert.IsType<IHaveFrame>(sent[0]).Ranges);
        Assert.Equal(("w", 2L, UpdateOrigin.Push), Pushed(sent[1]));
        Assert.Empty(from.Take());
    }

    [Fact]
    public void A_repair_announced_is_grafted_at_once_from_one_announcer_and_its_answer_is_announced_onward_not_pushed()
    {
        var (first, second, onward) = (Open("peer-first"), Open("peer-second"), Open("peer-onward"));
        var repaired = new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 2), AnnouncedRange.NoPath)]);

        _gossip.OnControl(first, repaired);
        _gossip.OnControl(second, repaired);

        Assert.Equal([new UpdateRange("w", 1, 2)], Assert.IsType<GraftFrame>(Assert.Single(first.Take())).Wanted);
        Assert.Empty(second.Take());
        Receive(Push("w", 1) with { Origin = UpdateOrigin.Graft }, first);
        Receive(Push("w", 2) with { Origin = UpdateOrigin.Graft }, first);
        Assert.Equal([new AnnouncedRange(new UpdateRange("w", 1, 1), AnnouncedRange.NoPath)], Assert.IsType<IHaveFrame>(Assert.Single(onward.Take())).Ranges);
        _clock.Advance(Options.AnnounceDelay);
        Assert.Equal([new AnnouncedRange(new UpdateRange("w", 2, 1), AnnouncedRange.NoPath)], Assert.IsType<IHaveFrame>(Assert.Single(onward.Take())).Ranges);
        Assert.Empty(first.Take());
        Assert.Empty(second.Take());
        Assert.False(_clock.AnyTimerArmed);
    }

    [Fact]
    public void A_new_update_grafted_on_a_lazy_link_turns_it_eager_for_its_writer()
    {
        var a = Open("peer-a");
        _gossip.OnControl(a, new PruneFrame("v"));
        Prune(a);

        _gossip.Forward(Push("w", 1) with { Origin = UpdateOrigin.Graft }, from: a);

        Assert.Equal((GossipRole.Eager, GossipRole.Lazy), (_gossip.RoleOf("peer-a", "w"), _gossip.RoleOf("peer-a", "v")));
    }

    [Fact]
    public void A_push_on_a_link_this_peer_pruned_is_passed_on_but_prunes_the_link_again_and_the_parents_late_copy_prunes_nothing()
    {
        var (parent, pruned, child) = (Open("peer-parent"), Open("peer-pruned"), Open("peer-child"));
        Receive(Push("w", 1), parent);
        _gossip.OnDuplicate(pruned, Push("w", 1));
        pruned.Take();
        child.Take();

        Receive(Push("w", 2), pruned);
        _gossip.OnDuplicate(parent, Push("w", 2));

        Assert.Equal(("w", 2L, UpdateOrigin.Push), Pushed(Assert.Single(child.Take())));
        Assert.Empty(parent.Take());
        _clock.Advance(Options.AnnounceDelay);
        Assert.Equal(new PruneFrame("w"), Assert.Single(pruned.Take()));
        Assert.Empty(parent.Take());
        Assert.Equal((GossipRole.Eager, GossipRole.Lazy), (_gossip.RoleOf("peer-parent", "w"), _gossip.RoleOf("peer-pruned", "w")));
    }

    [Fact]
    public void A_duplicate_push_as_near_the_writer_as_the_parents_makes_its_sender_a_second_parent_which_is_neither_pruned_nor_pushed_to()
    {
        var (parent, second, child) = (Open("peer-parent"), Open("peer-second"), Open("peer-child"));
        Receive(Push("w", 1, hops: 2), parent);
        _gossip.OnDuplicate(second, Push("w", 1, hops: 1));
        Assert.Equal([("w", 1L, UpdateOrigin.Push)], second.Take().Select(Pushed));
        child.Take();

        Receive(Push("w", 2, hops: 2), parent);
        _gossip.OnDuplicate(second, Push("w", 2, hops: 1));
        _clock.Advance(Options.GraftTimeout);

        Assert.Equal(("w", 2L, UpdateOrigin.Push), Pushed(Assert.Single(child.Take())));
        Assert.DoesNotContain(second.Take(), f => f is UpdateFrame or PruneFrame);
        Assert.Empty(parent.Take());
        Assert.Equal((GossipRole.Eager, GossipRole.Eager), (_gossip.RoleOf("peer-parent", "w"), _gossip.RoleOf("peer-second", "w")));
        Assert.Equal(0, _gossip.Figures().PrunesSent);
    }

    [Fact]
    public void The_second_parent_is_announced_an_update_only_when_its_own_push_has_not_come_within_the_announce_hold()
    {
        using var gossip = new LazyPushGossip(SelfId, _store, _clock, LazyPushOptions.Default);
        var (parent, second) = (new FakeGossipLink("peer-parent"), new FakeGossipLink("peer-second"));
        gossip.OnLinkOpened(parent);
        gossip.OnLinkOpened(second);
        foreach (var sequence in new long[] { 1, 2, 3 })
        {
            _store.Apply(Push("w", sequence, hops: 2).Update);
            gossip.Forward(Push("w", sequence, hops: 2), parent);
            if (sequence < 3)
            {
                gossip.OnDuplicate(second, Push("w", sequence, hops: 1));
            }

            _clock.Advance(LazyPushOptions.Default.AnnounceDelay);
        }

        var sent = second.Take();
        Assert.Equal([("w", 1L, UpdateOrigin.Push)], sent.OfType<UpdateFrame>().Select(Pushed));
        Assert.Equal([new UpdateRange("w", 3, 1)], sent.OfType<IHaveFrame>().SelectMany(AnnouncedRanges));
    }

    [Fact]
    public void When_the_second_parents_copy_comes_first_the_parents_change_places_and_the_others_copy_prunes_nothing()
    {
        var (parent, second, child) = (Open("peer-parent"), Open("peer-second"), Open("peer-child"));
        Receive(Push("w", 1, hops: 2), parent);
        _gossip.OnDuplicate(second, Push("w", 1, hops: 1));
        Drain(second, child);

        Receive(Push("w", 2, hops: 2), second);
        _gossip.OnDuplicate(parent, Push("w", 2, hops: 1));
        Receive(Push("w", 3, hops: 2), parent);
        _gossip.OnDuplicate(second, Push("w", 3, hops: 1));

        Assert.Equal([2L, 3L], child.Take().Select(f => Pushed(f).Sequence));
        Assert.DoesNotContain(parent.Take(), f => f is UpdateFrame or PruneFrame);
        Assert.DoesNotContain(second.Take(), f => f is UpdateFrame or PruneFrame);
        Assert.Equal(0, _gossip.Figures().PrunesSent);
    }

    [Fact]
    public void A_third_copy_as_near_the_writer_is_pruned_and_so_is_a_copy_from_farther_away()
    {
        // Third and farther open after the push, so that their copies did not cross one of this peer's.
        var (parent, second) = (Open("peer-parent"), Open("peer-second"));
        Receive(Push("w", 1, hops: 2), parent);
        var (third, farther) = (Open("peer-third"), Open("peer-farther"));
        Drain(parent, second);

        _gossip.OnDuplicate(second, Push("w", 1, hops: 1));
        _gossip.OnDuplicate(third, Push("w", 1, hops: 1));
        _gossip.OnDuplicate(farther, Push("w", 1, hops: 2));
        _clock.Advance(Options.AnnounceDelay);

        Assert.Empty(second.Take());
        Assert.Equal(new PruneFrame("w"), Assert.Single(third.Take()));
        Assert.Equal(new PruneFrame("w"), Assert.Single(farther.Take()));
    }

    [Fact]
    public void With_one_parent_a_copy_as_near_the_writer_as_the_parents_is_pruned_as_in_plumtree()
    {
        using var gossip = new LazyPushGossip(SelfId, _store, _clock, Options with { Parents = 1 });
        var (parent, other) = (new FakeGossipLink("peer-parent"), new FakeGossipLink("peer-other"));
        gossip.OnLinkOpened(parent);
        _store.Apply(Push("w", 1, hops: 2).Update);
        gossip.Forward(Push("w", 1, hops: 2), parent);
        gossip.OnLinkOpened(other);

        gossip.OnDuplicate(other, Push("w", 1, hops: 1));

        Assert.Equal(new PruneFrame("w"), Assert.Single(other.Take()));
    }

    /// <summary>
    /// Every neighbour got this peer's push of w's update 1 (its path two hops long), and pushed its own copy here. The
    /// prune that turns a crossed link lazy comes from the end nearer the writer: this peer prunes neither a neighbour
    /// as near as itself, which prunes it, nor one a hop farther, which keeps it as its second parent or prunes it, nor
    /// one two hops farther, which moves its parent here when this peer's push arrives.
    /// </summary>
    [Fact]
    public void A_duplicate_that_crossed_this_peers_own_push_is_pruned_only_by_the_end_nearer_the_writer_and_not_when_that_end_may_keep_or_move_to_this_peer()
    {
        var (parent, second, nearer, level, oneFarther, twoFarther) =
            (Open("peer-parent"), Open("peer-second"), Open("peer-nearer"), Open("peer-level"), Open("peer-one-farther"), Open("peer-two-farther"));
        Receive(Push("w", 1, hops: 3), parent);
        Drain(parent, second, nearer, level, oneFarther, twoFarther);

        _gossip.OnDuplicate(second, Push("w", 1, hops: 2));
        _gossip.OnDuplicate(nearer, Push("w", 1, hops: 2));
        _gossip.OnDuplicate(level, Push("w", 1, hops: 3));
        _gossip.OnDuplicate(oneFarther, Push("w", 1, hops: 4));
        _gossip.OnDuplicate(twoFarther, Push("w", 1, hops: 5));
        _clock.Advance(Options.AnnounceDelay);

        Assert.Equal(
            [[], [new PruneFrame("w")], [], [], []],
            new[] { second, nearer, level, oneFarther, twoFarther }.Select(link => link.Take()).ToArray());
        Assert.Equal(
            [GossipRole.Eager, GossipRole.Lazy, GossipRole.Lazy, GossipRole.Eager, GossipRole.Eager],
            new[] { "peer-second", "peer-nearer", "peer-level", "peer-one-farther", "peer-two-farther" }.Select(peer => _gossip.RoleOf(peer, "w")));
        Assert.Equal(1, _gossip.Figures().PrunesSent);
    }

    /// <summary>
    /// This peer's first copy came four hops, and its push crossed a neighbour's two hops nearer, which counted on this
    /// peer moving its parent there and pruned nothing. A copy two hops long came first, so this peer does not move, and
    /// it prunes the link itself: by the hop counts of its path now, it would have left the prune to the neighbour.
    /// </summary>
    [Fact]
    public void A_neighbour_that_left_the_prune_to_this_peer_is_pruned_when_a_shorter_copy_came_first()
    {
        var (parent, shortest, nearer) = (Open("peer-parent"), Open("peer-shortest"), Open("peer-nearer"));
        Receive(Push("w", 1, hops: 5), parent);
        Drain(parent, shortest, nearer);

        _gossip.OnDuplicate(shortest, Push("w", 1, hops: 2));
        _gossip.OnDuplicate(nearer, Push("w", 1, hops: 3));
        _clock.Advance(Options.AnnounceDelay);

        Assert.Contains(new PruneFrame("w"), nearer.Take());
        Assert.Equal((GossipRole.Eager, GossipRole.Lazy), (_gossip.RoleOf("peer-shortest", "w"), _gossip.RoleOf("peer-nearer", "w")));
    }

    /// <summary>
    /// A crossed pair of pushes one hop apart, and the farther end moves nearer before the nearer end's push arrives:
    /// the nearer end keeps its push for the farther to take as a second parent or prune, and the farther, judging on
    /// the hops its own push carried rather than its path now, prunes it: the link ends lazy at both ends.
    /// </summary>
    [Fact]
    public void A_crossed_push_is_judged_on_the_hops_it_carried_so_a_peer_that_moved_nearer_since_prunes_the_link_for_both_ends()
    {
        var farStore = new LogStore();
        using var far = new LazyPushGossip("peer-far", farStore, _clock, Options);
        var (nearParent, farParent, farShortest) = (Open("peer-near-parent"), new FakeGossipLink("peer-far-parent"), new FakeGossipLink("peer-far-shortest"));
        var (toFar, toNear) = (Open("peer-far"), new FakeGossipLink("peer-near"));
        far.OnLinkOpened(farParent);
        far.OnLinkOpened(farShortest);
        far.OnLinkOpened(toNear);

        Receive(Push("w", 1, hops: 3), nearParent);
        farStore.Apply(Push("w", 1, hops: 4).Update);
        far.Forward(Push("w", 1, hops: 4), farParent);
        var nearPush = Assert.IsType<UpdateFrame>(Assert.Single(toFar.Take()));
        var farPush = Assert.IsType<UpdateFrame>(Assert.Single(toNear.Take()));
        far.OnDuplicate(farShortest, Push("w", 1, hops: 2));
        _gossip.OnDuplicate(toFar, farPush);
        far.OnDuplicate(toNear, nearPush);
        _clock.Advance(Options.AnnounceDelay);
        foreach (var prune in toNear.Take().OfType<PruneFrame>())
        {
            _gossip.OnControl(toFar, prune);
        }

        Assert.Equal((GossipRole.Lazy, GossipRole.Lazy), (_gossip.RoleOf("peer-far", "w"), far.RoleOf("peer-near", "w")));
    }

    /// <summary>Both ends of a crossed pair of pushes two hops apart, as the pushes arrive: the nearer end prunes nothing,
    /// and the farther moves its parent to it, so the link stays in the writer's tree at both ends with no prune or graft.</summary>
    [Fact]
    public void Two_crossed_pushes_two_hops_apart_leave_the_link_in_the_tree_at_both_ends_with_no_control_frame()
    {
        var farStore = new LogStore();
        using var far = new LazyPushGossip("peer-far", farStore, _clock, Options);
        var (nearParent, farParent) = (Open("peer-near-parent"), new FakeGossipLink("peer-far-parent"));
        var (toFar, toNear) = (Open("peer-far"), new FakeGossipLink("peer-near"));
        far.OnLinkOpened(farParent);
        far.OnLinkOpened(toNear);

        Receive(Push("w", 1, hops: 2), nearParent);
        farStore.Apply(Push("w", 1, hops: 4).Update);
        far.Forward(Push("w", 1, hops: 4), farParent);
        var nearPush = Assert.IsType<UpdateFrame>(Assert.Single(toFar.Take()));
        var farPush = Assert.IsType<UpdateFrame>(Assert.Single(toNear.Take()));
        _gossip.OnDuplicate(toFar, farPush);
        far.OnDuplicate(toNear, nearPush);
        _clock.Advance(Options.AnnounceDelay);

        Assert.Empty(toFar.Take());
        Assert.Equal([new PruneFrame("w")], farParent.Take().OfType<PruneFrame>());
        Assert.DoesNotContain(toNear.Take(), f => f is PruneFrame or GraftFrame);
        Assert.Equal((GossipRole.Eager, GossipRole.Eager), (_gossip.RoleOf("peer-far", "w"), far.RoleOf("peer-near", "w")));
    }

    [Fact]
    public void A_prune_with_no_traffic_to_go_with_waits_the_tree_change_hold_and_is_not_sent_if_the_link_pushes_the_writer_again_by_then()
    {
        using var gossip = new LazyPushGossip(SelfId, _store, _clock, LazyPushOptions.Default);
        var (kept, regrafted) = (new FakeGossipLink("peer-kept"), new FakeGossipLink("peer-regrafted"));
        gossip.OnLinkOpened(kept);
        gossip.OnLinkOpened(regrafted);

        gossip.OnDuplicate(kept, Push("w", 1));
        gossip.OnDuplicate(regrafted, Push("w", 1));
        var atOnce = kept.Take().Concat(regrafted.Take()).ToList();
        gossip.OnControl(regrafted, new GraftFrame([new UpdateRange("w", 2, 1)]));
        _clock.Advance(LazyPushOptions.Default.AnnounceDelay);
        var afterAnIHaveDelay = kept.Take().Concat(regrafted.Take()).ToList();
        _clock.Advance(LazyPushOptions.Default.TreeChangeHold - LazyPushOptions.Default.AnnounceDelay);

        Assert.Empty(atOnce);
        Assert.Empty(afterAnIHaveDelay);
        Assert.Equal(new PruneFrame("w"), Assert.Single(kept.Take()));
        Assert.Empty(regrafted.Take());
        Assert.Equal((GossipRole.Lazy, GossipRole.Eager), (gossip.RoleOf("peer-kept", "w"), gossip.RoleOf("peer-regrafted", "w")));
        Assert.Equal(1, gossip.Figures().PrunesSent);
        Assert.False(_clock.AnyTimerArmed);
    }

    [Fact]
    public void A_prune_goes_with_the_next_push_on_its_link_in_one_write_and_not_again_at_the_tree_change_hold()
    {
        using var gossip = new LazyPushGossip(SelfId, _store, _clock, LazyPushOptions.Default);
        var (pruned, other) = (new FakeGossipLink("peer-pruned"), new FakeGossipLink("peer-other"));
        gossip.OnLinkOpened(pruned);
        gossip.OnLinkOpened(other);

        gossip.OnDuplicate(pruned, Push("w", 1));
        _store.Apply(Push("v", 1).Update);
        gossip.Forward(Push("v", 1), other);
        var withThePush = Assert.Single(pruned.TakeWrites());
        var timerLeftArmed = _clock.AnyTimerArmed;
        _clock.Advance(LazyPushOptions.Default.TreeChangeHold);

        Assert.False(timerLeftArmed);
        Assert.Equal(2, withThePush.Count);
        Assert.Equal("v", Assert.IsType<UpdateFrame>(withThePush[0]).Update.Writer);
        Assert.Equal(new PruneFrame("w"), withThePush[1]);
        Assert.Empty(pruned.Take());
        Assert.Equal(1, gossip.Figures().PrunesSent);
    }

    [Fact]
    public void A_graft_that_takes_a_shorter_path_goes_with_the_next_push_on_its_link_naming_the_first_update_not_held()
    {
        var (parent, announcer, other) = (new FakeGossipLink("peer-parent"), new FakeGossipLink("peer-announcer"), new FakeGossipLink("peer-other"));
        using var gossip = PastAFirstUpdateFiveHopsAway(parent, lazy: [announcer], eager: [other]);

        gossip.OnControl(announcer, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 3)]));
        var atOnce = announcer.Take();
        _store.Apply(Push("w", 2, hops: 5).Update);
        Forward(gossip, Push("v", 1), other);
        var withThePush = Assert.Single(announcer.TakeWrites());
        _clock.Advance(LazyPushOptions.Default.TreeChangeHold);

        Assert.Empty(atOnce);
        Assert.Equal("v", Assert.IsType<UpdateFrame>(withThePush[0]).Update.Writer);
        Assert.Equal([new UpdateRange("w", 3, 1)], Assert.IsType<GraftFrame>(Assert.Single(withThePush, f => f is GraftFrame)).Wanted);
        Assert.Empty(announcer.Take());
        Assert.Equal(new PruneFrame("w"), Assert.Single(parent.Take(), f => f is PruneFrame));
        Assert.Equal((GossipRole.Eager, GossipRole.Lazy), (gossip.RoleOf("peer-announcer", "w"), gossip.RoleOf("peer-parent", "w")));
        Assert.Equal(1, gossip.Figures().GraftsSent);
    }

    [Fact]
    public void A_held_graft_overtaken_by_a_still_shorter_path_is_not_sent()
    {
        var (parent, nearer, nearest) = (new FakeGossipLink("peer-parent"), new FakeGossipLink("peer-nearer"), new FakeGossipLink("peer-nearest"));
        using var gossip = PastAFirstUpdateFiveHopsAway(parent, lazy: [nearer, nearest], eager: []);

        gossip.OnControl(nearer, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 3)]));
        gossip.OnControl(nearest, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 2)]));
        _clock.Advance(LazyPushOptions.Default.TreeChangeHold);

        Assert.DoesNotContain(nearer.Take(), f => f is GraftFrame);
        Assert.Equal([new UpdateRange("w", 2, 1)], Assert.IsType<GraftFrame>(Assert.Single(nearest.Take())).Wanted);
        Assert.Equal(new PruneFrame("w"), Assert.Single(parent.Take()));
        Assert.Equal(1, gossip.Figures().GraftsSent);
    }

    [Fact]
    public void An_announcement_does_not_wait_for_a_prune_held_before_it_and_takes_the_prune_along()
    {
        using var gossip = new LazyPushGossip(SelfId, _store, _clock, LazyPushOptions.Default);
        var (pruned, parent) = (new FakeGossipLink("peer-pruned"), new FakeGossipLink("peer-parent"));
        gossip.OnLinkOpened(parent);
        _store.Apply(Push("w", 1).Update);
        gossip.Forward(Push("w", 1), parent);
        gossip.OnLinkOpened(pruned);

        gossip.OnDuplicate(pruned, Push("w", 1));
        _store.Apply(Push("w", 2).Update);
        gossip.Forward(Push("w", 2), parent);
        _clock.Advance(LazyPushOptions.Default.AnnounceHold);

        var sent = pruned.Take();
        Assert.Equal([new UpdateRange("w", 2, 1)], sent.OfType<IHaveFrame>().SelectMany(AnnouncedRanges));
        Assert.Equal([new PruneFrame("w")], sent.OfType<PruneFrame>());
    }

    [Fact]
    public void A_later_copy_by_a_shorter_path_makes_its_sender_the_parent_and_prunes_both_old_parents()
    {
        var (parent, second, shorter, child) = (Open("peer-parent"), Open("peer-second"), Open("peer-shorter"), Open("peer-child"));
        Receive(Push("w", 1, hops: 4), parent);
        _gossip.OnDuplicate(second, Push("w", 1, hops: 3));
        Drain(parent, second, shorter, child);

        _gossip.OnDuplicate(shorter, Push("w", 1, hops: 2));
        var (toParent, toSecond) = (parent.Take(), second.Take());
        Receive(Push("w", 2, hops: 3), shorter);

        Assert.Equal(new PruneFrame("w"), Assert.Single(toParent));
        Assert.Equal(new PruneFrame("w"), Assert.Single(toSecond));
        Assert.Empty(shorter.Take());
        Assert.DoesNotContain(parent.Take().Concat(second.Take()), f => f is UpdateFrame);
        Assert.Equal(("w", 2L, UpdateOrigin.Push), Pushed(Assert.Single(child.Take(), f => f is UpdateFrame)));
        Assert.Equal(
            [GossipRole.Lazy, GossipRole.Lazy, GossipRole.Eager],
            new[] { "peer-parent", "peer-second", "peer-shorter" }.Select(p => _gossip.RoleOf(p, "w")));
    }

    [Fact]
    public void A_later_copy_by_a_shorter_path_is_announced_with_its_hop_count_to_each_neighbour_it_may_bring_nearer_the_writer()
    {
        var (parent, far, silent, shorter) = (Open("peer-parent"), Open("peer-far"), Open("peer-silent"), Open("peer-shorter"));
        Receive(Push("w", 1, hops: 5), parent);
        _gossip.OnDuplicate(far, Push("w", 1, hops: 6));
        _clock.Advance(Options.AnnounceDelay);
        Drain(parent, far, silent, shorter);

        _gossip.OnDuplicate(shorter, Push("w", 1, hops: 2));
        _clock.Advance(Options.AnnounceDelay);

        // Through this peer, 2 links from the writer now, the far neighbour's path (5 links) shrinks to 3, and the silent
        // one's may; the old parent's (3) would not.
        foreach (var nearer in new[] { far, silent })
        {
            var ihave = Assert.IsType<IHaveFrame>(Assert.Single(nearer.Take()));
            Assert.Equal([new AnnouncedRange(new UpdateRange("w", 1, 1), 3)], ihave.Ranges);
        }

        Assert.Equal(new PruneFrame("w"), Assert.Single(parent.Take()));
        Assert.Empty(shorter.Take());
    }

    [Fact]
    public void A_later_copy_by_a_shorter_path_on_a_link_already_pruned_moves_nothing()
    {
        var (parent, pruned) = (Open("peer-parent"), Open("peer-pruned"));
        Receive(Push("w", 1, hops: 4), parent);
        _gossip.OnDuplicate(pruned, Push("w", 1, hops: 4));
        Drain(parent, pruned);

        _gossip.OnDuplicate(pruned, Push("w", 1, hops: 2));
        _clock.Advance(Options.AnnounceDelay);

        Assert.Empty(parent.Take());
        Assert.Equal((GossipRole.Eager, GossipRole.Lazy), (_gossip.RoleOf("peer-parent", "w"), _gossip.RoleOf("peer-pruned", "w")));
    }

    [Fact]
    public void A_prune_from_the_parent_answering_a_push_sent_before_it_was_chosen_is_answered_with_a_graft_of_the_writers_next_update()
    {
        var (first, shorter) = (Open("peer-first"), Open("peer-shorter"));
        Receive(Push("w", 1, hops: 4), first);
        _gossip.OnDuplicate(shorter, Push("w", 1, hops: 2));
        Drain(first, shorter);

        _gossip.OnControl(shorter, new PruneFrame("w"));

        Assert.Equal([new UpdateRange("w", 2, 1)], Assert.IsType<GraftFrame>(Assert.Single(shorter.Take())).Wanted);
        Assert.Equal(GossipRole.Eager, _gossip.RoleOf("peer-shorter", "w"));
    }

    [Fact]
    public void A_prune_from_the_second_parent_answering_a_push_sent_before_it_was_chosen_is_answered_with_a_graft_of_the_writers_next_update()
    {
        var (parent, second) = (Open("peer-parent"), Open("peer-second"));
        Receive(Push("w", 1, hops: 2), parent);
        _gossip.OnDuplicate(second, Push("w", 1, hops: 1));
        second.Take();

        _gossip.OnControl(second, new PruneFrame("w"));

        Assert.Equal([new UpdateRange("w", 2, 1)], Assert.IsType<GraftFrame>(Assert.Single(second.Take())).Wanted);
        Assert.Equal(GossipRole.Eager, _gossip.RoleOf("peer-second", "w"));
    }

    [Fact]
    public void An_announcer_whose_copy_came_as_near_the_writer_as_the_parents_is_grafted_as_second_parent_and_a_farther_one_is_not()
    {
        var (parent, near, far, child) = (Open("peer-parent"), Open("peer-near"), Open("peer-far"), Open("peer-child"));
        Prune(near, far);
        Receive(Push("w", 1, hops: 2), parent);
        Drain(near, far, child);

        _gossip.OnControl(far, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 2)]));
        _gossip.OnControl(near, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 1)]));
        _clock.Advance(Options.AnnounceDelay);
        var grafted = near.Take();
        Receive(Push("w", 2, hops: 2), parent);

        Assert.Empty(far.Take());
        Assert.Equal([new UpdateRange("w", 2, 1)], Assert.IsType<GraftFrame>(Assert.Single(grafted)).Wanted);
        Assert.Equal(("w", 2L, UpdateOrigin.Push), Pushed(Assert.Single(child.Take())));
        Assert.Empty(parent.Take());
        Assert.Equal((GossipRole.Eager, GossipRole.Lazy), (_gossip.RoleOf("peer-near", "w"), _gossip.RoleOf("peer-far", "w")));
    }

    [Fact]
    public void When_a_parents_link_closes_the_next_neighbour_as_near_the_writer_takes_its_place()
    {
        var (parent, second, third, fourth) = (Open("peer-parent"), Open("peer-second"), Open("peer-third"), Open("peer-fourth"));
        Receive(Push("w", 1, hops: 2), parent);
        _gossip.OnDuplicate(second, Push("w", 1, hops: 1));
        Drain(parent, second, third, fourth);

        _gossip.OnLinkClosed(second);
        _gossip.OnDuplicate(third, Push("w", 1, hops: 1));
        _gossip.OnLinkClosed(parent);
        Receive(Push("w", 2, hops: 2), third);
        _gossip.OnDuplicate(fourth, Push("w", 2, hops: 1));

        Assert.Empty(third.Take());
        Assert.DoesNotContain(fourth.Take(), f => f is PruneFrame);
        Assert.Equal(0, _gossip.Figures().PrunesSent);
    }

    [Theory]
    [InlineData(typeof(GraftFrame))]
    [InlineData(typeof(FetchFrame))]
    public void A_second_parent_that_asks_for_the_writers_updates_is_no_longer_nearer_the_writer_and_is_pushed_to_again(Type asking)
    {
        var (parent, second) = (Open("peer-parent"), Open("peer-second"));
        Receive(Push("w", 1, hops: 2), parent);
        _gossip.OnDuplicate(second, Push("w", 1, hops: 1));
        Drain(parent, second);

        UpdateRange[] wanted = [new UpdateRange("w", 2, 1)];
        _gossip.OnControl(second, asking == typeof(GraftFrame) ? new GraftFrame(wanted) : new FetchFrame(wanted));
        Receive(Push("w", 2, hops: 2), parent);

        Assert.Contains(second.Take(), f => f is UpdateFrame { Origin: UpdateOrigin.Push, Update.Sequence: 2 });
    }

    [Fact]
    public void A_shorter_path_replaces_both_parents()
    {
        var (parent, second, shorter) = (Open("peer-parent"), Open("peer-second"), Open("peer-shorter"));
        Prune(shorter);
        Receive(Push("w", 1, hops: 3), parent);
        _gossip.OnDuplicate(second, Push("w", 1, hops: 2));
        Drain(parent, second, shorter);

        _gossip.OnControl(shorter, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 1)]));
        _clock.Advance(Options.AnnounceDelay);

        Assert.Equal(new PruneFrame("w"), Assert.Single(parent.Take()));
        Assert.Equal(new PruneFrame("w"), Assert.Single(second.Take()));
        Assert.Equal([new UpdateRange("w", 2, 1)], Assert.IsType<GraftFrame>(Assert.Single(shorter.Take())).Wanted);
    }

    [Fact]
    public void An_announced_unseen_update_is_fetched_after_the_fetch_timeout_then_grafted_after_the_graft_timeout_and_the_link_turns_eager_for_its_writer()
    {
        var a = Open("peer-a");
        _gossip.OnControl(a, new PruneFrame("v"));
        Prune(a);

        _gossip.OnControl(a, IHave(new UpdateRange("w", 1, 2)));
        _clock.Advance(Options.GraftTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal([new UpdateRange("w", 1, 2)], Assert.IsType<FetchFrame>(Assert.Single(a.Take())).Wanted);
        Assert.Equal(GossipRole.Lazy, _gossip.RoleOf("peer-a", "w"));
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([new UpdateRange("w", 1, 2)], Assert.IsType<GraftFrame>(Assert.Single(a.Take())).Wanted);
        Assert.Equal((GossipRole.Eager, GossipRole.Lazy), (_gossip.RoleOf("peer-a", "w"), _gossip.RoleOf("peer-a", "v")));
        Assert.Equal(1, _gossip.Figures().GraftsSent);
    }

    [Fact]
    public void Only_the_announced_updates_not_held_are_fetched_and_grafted()
    {
        var a = Open("peer-a");
        _store.Apply(new Update("w", 2, 1, 1, [2]));

        _gossip.OnControl(a, IHave(new UpdateRange("w", 1, 3)));
        _clock.Advance(Options.GraftTimeout);

        var sent = a.Take();
        Assert.Equal([new UpdateRange("w", 1, 1), new UpdateRange("w", 3, 1)], Assert.IsType<FetchFrame>(sent[0]).Wanted);
        Assert.Equal([new UpdateRange("w", 1, 1), new UpdateRange("w", 3, 1)], Assert.IsType<GraftFrame>(sent[1]).Wanted);
    }

    [Fact]
    public void An_update_arriving_before_the_fetch_timeout_cancels_the_fetch_and_the_graft()
    {
        var (a, b) = (Open("peer-a"), Open("peer-b"));
        Prune(a);

        _gossip.OnControl(a, IHave(new UpdateRange("w", 1, 1)));
        _gossip.Forward(Push("w", 1), from: b);
        _clock.Advance(Options.GraftTimeout * 4);

        Assert.DoesNotContain(a.Take(), f => f is GraftFrame or FetchFrame);
        Assert.Equal(0, _gossip.Figures().GraftsSent);
        Assert.False(_clock.AnyTimerArmed);
    }

    [Fact]
    public void The_next_announcer_is_grafted_when_the_first_does_not_answer()
    {
        var (first, second) = (Open("peer-1"), Open("peer-2"));
        Prune(first, second);
        var announced = IHave(new UpdateRange("w", 7, 1));

        _gossip.OnControl(first, announced);
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        _gossip.OnControl(second, announced);
        _clock.Advance(Options.GraftTimeout - TimeSpan.FromMilliseconds(10));

        Assert.Equal([typeof(FetchFrame), typeof(GraftFrame)], first.Take().Select(f => f.GetType()));
        Assert.Empty(second.Take());
        _clock.Advance(Options.GraftRetry);
        Assert.Equal([new UpdateRange("w", 7, 1)], Assert.IsType<GraftFrame>(Assert.Single(second.Take())).Wanted);
        _clock.Advance(Options.GraftRetry * 10);
        Assert.Empty(first.Take());
        Assert.Empty(second.Take());
        Assert.False(_clock.AnyTimerArmed);
    }

    [Fact]
    public void A_graft_makes_the_link_eager_and_is_answered_with_the_held_updates()
    {
        var a = Open("peer-a");
        Prune(a);
        foreach (var sequence in new long[] { 1, 2, 4 })
        {
            _store.Apply(new Update("w", sequence, sequence, 1, [(byte)sequence]));
        }

        _gossip.OnControl(a, new GraftFrame([new UpdateRange("w", 2, 3)]));

        Assert.Equal(GossipRole.Eager, _gossip.RoleOf("peer-a"));
        Assert.Equal([("w", 2L, UpdateOrigin.Graft), ("w", 4L, UpdateOrigin.Graft)], a.Take().Select(Pushed));
    }

    [Fact]
    public void Closing_an_eager_link_is_repaired_by_a_graft_over_a_lazy_link()
    {
        var (parent, lazy, child) = (Open("peer-parent"), Open("peer-lazy"), Open("peer-child"));
        Prune(lazy);
        var announced = IHave(new UpdateRange("w", 1, 1));
        _gossip.OnControl(parent, announced);
        _gossip.OnControl(lazy, announced);

        _gossip.OnLinkClosed(parent);
        _clock.Advance(Options.GraftTimeout);

        Assert.Equal([typeof(FetchFrame), typeof(GraftFrame)], lazy.Take().Select(f => f.GetType()));
        Assert.Empty(parent.Take());
        Assert.Equal(GossipRole.Eager, _gossip.RoleOf("peer-lazy"));
        Assert.Null(_gossip.RoleOf("peer-parent"));
        _gossip.Forward(Push("w", 1) with { Origin = UpdateOrigin.Graft }, from: lazy);
        Assert.Equal(("w", 1L, UpdateOrigin.Push), Pushed(Assert.Single(child.Take())));
    }

    [Fact]
    public void A_link_that_closes_after_a_new_link_to_the_same_peer_opened_leaves_the_new_one()
    {
        var old = Open("peer-a");
        var replacement = Open("peer-a");

        _gossip.OnLinkClosed(old);
        _gossip.Forward(Push("w", 1), from: null);

        Assert.Empty(old.Take());
        Assert.Single(replacement.Take());
    }

    [Fact]
    public void No_timer_is_armed_when_nothing_is_pending()
    {
        var (a, b) = (Open("peer-a"), Open("peer-b"));
        Assert.False(_clock.AnyTimerArmed);
        _gossip.Forward(Push("w", 1), from: null);
        Assert.False(_clock.AnyTimerArmed);

        Prune(b);
        _gossip.Forward(Push("w", 2), from: a);
        Assert.False(_clock.AnyTimerArmed, "announced at once");
        _gossip.Forward(Push("w", 3), from: a);
        Assert.True(_clock.AnyTimerArmed, "gathering until an announce delay after the last");
        _clock.Advance(Options.AnnounceDelay);
        Assert.False(_clock.AnyTimerArmed);

        _gossip.OnControl(b, IHave(new UpdateRange("w", 4, 1)));
        Assert.True(_clock.AnyTimerArmed);
        _clock.Advance(Options.FetchTimeout!.Value);
        Assert.True(_clock.AnyTimerArmed, "waiting for the fetch's answer until the graft timeout");
        _clock.Advance(Options.GraftTimeout - Options.FetchTimeout.Value);
        Assert.True(_clock.AnyTimerArmed, "waiting for the graft's answer");
        _clock.Advance(Options.GraftRetry);
        Assert.False(_clock.AnyTimerArmed);

        var wakeups = _clock.Wakeups;
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(wakeups, _clock.Wakeups);
    }

    [Fact]
    public void Drop_updates_withholds_pushes_and_graft_and_fetch_answers_but_not_announcements()
    {
        var (eager, lazy) = (Open("peer-eager"), Open("peer-lazy"));
        Prune(lazy);
        _store.Apply(new Update("w", 1, 1, 1, [1]));
        _drop.Set(true);

        _gossip.Forward(Push("w", 1), from: null);
        _gossip.OnControl(lazy, new GraftFrame([new UpdateRange("w", 1, 1)]));
        _gossip.OnControl(lazy, new FetchFrame([new UpdateRange("w", 1, 1)]));
        _gossip.OnDuplicate(eager, Push("w", 1));
        _gossip.OnControl(eager, IHave(new UpdateRange("v", 1, 1)));
        _clock.Advance(Options.GraftTimeout);

        Assert.Equal(3, _drop.Dropped);
        Assert.Equal(["PruneFrame", "FetchFrame", "GraftFrame"], eager.Take().Select(f => f.GetType().Name));
        Assert.Equal(["IHaveFrame"], lazy.Take().Select(f => f.GetType().Name));
    }

    [Fact]
    public void An_announcement_carries_the_hop_count_of_the_copy_held_and_no_path_for_a_copy_learnt_by_anti_entropy()
    {
        var (from, lazy) = (Open("peer-from"), Open("peer-lazy"));
        Prune(lazy);

        _gossip.Forward(Push("w", 1, hops: 4), from);
        var atOnce = lazy.Take();
        _gossip.Forward(Push("w", 2, hops: 4), from);
        _gossip.Forward(Push("w", 3, hops: 4) with { Origin = UpdateOrigin.Resync }, from);
        _clock.Advance(Options.AnnounceDelay);

        Assert.Equal([new AnnouncedRange(new UpdateRange("w", 1, 1), 4)], Assert.IsType<IHaveFrame>(Assert.Single(atOnce)).Ranges);
        Assert.Equal(
            [new AnnouncedRange(new UpdateRange("w", 2, 1), 4), new AnnouncedRange(new UpdateRange("w", 3, 1), AnnouncedRange.NoPath)],
            Assert.IsType<IHaveFrame>(Assert.Single(lazy.Take())).Ranges);
    }

    [Fact]
    public void An_announcer_on_a_shorter_path_from_a_writer_is_grafted_and_the_parent_pruned_for_that_writer_only()
    {
        var (parent, announcer) = (Open("peer-parent"), Open("peer-announcer"));
        Prune(announcer);
        Receive(Push("w", 5, hops: 5), parent);
        Receive(Push("v", 1, hops: 5), parent);
        announcer.Take();

        _gossip.OnControl(announcer, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 5, 1), 3)]));
        _clock.Advance(Options.AnnounceDelay);

        Assert.Equal([new UpdateRange("w", 6, 1)], Assert.IsType<GraftFrame>(Assert.Single(announcer.Take())).Wanted);
        Assert.Equal(new PruneFrame("w"), Assert.Single(parent.Take()));
        Assert.Equal((GossipRole.Eager, GossipRole.Lazy), (_gossip.RoleOf("peer-announcer", "w"), _gossip.RoleOf("peer-parent", "w")));
        Assert.Equal(GossipRole.Eager, _gossip.RoleOf("peer-parent", "v"));
        Assert.Equal(new GossipFigures(2, 0, 1, 0, 1), _gossip.Figures());
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(AnnouncedRange.NoPath)]
    public void An_announcer_on_a_longer_path_changes_nothing(int announcedHops)
    {
        var (parent, announcer) = (Open("peer-parent"), Open("peer-announcer"));
        Prune(announcer);
        Receive(Push("w", 5, hops: 5), parent);
        announcer.Take();

        _gossip.OnControl(announcer, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 5, 1), announcedHops)]));

        Assert.Empty(announcer.Take());
        Assert.Empty(parent.Take());
        Assert.Equal((GossipRole.Lazy, GossipRole.Eager), (_gossip.RoleOf("peer-announcer", "w"), _gossip.RoleOf("peer-parent", "w")));
    }

    [Fact]
    public void After_a_shortcut_an_announcer_as_near_becomes_the_second_parent_and_only_a_path_shorter_than_the_new_one_moves_the_parent_again()
    {
        var (parent, first, second) = (Open("peer-parent"), Open("peer-first"), Open("peer-second"));
        Prune(first, second);
        Receive(Push("w", 1, hops: 6), parent);
        first.Take();
        second.Take();

        _gossip.OnControl(first, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 3)]));
        _gossip.OnControl(second, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 3)]));
        _clock.Advance(Options.AnnounceDelay);
        var sameLength = second.Take();
        _gossip.OnControl(second, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 2)]));
        _clock.Advance(Options.AnnounceDelay);

        Assert.IsType<GraftFrame>(Assert.Single(sameLength));
        Assert.IsType<GraftFrame>(Assert.Single(second.Take()));
        Assert.Equal([typeof(GraftFrame), typeof(PruneFrame)], first.Take().Select(f => f.GetType()));
        Assert.Equal(
            [GossipRole.Lazy, GossipRole.Lazy, GossipRole.Eager],
            new[] { "peer-parent", "peer-first", "peer-second" }.Select(p => _gossip.RoleOf(p, "w")));
    }

    [Fact]
    public void An_announcement_of_a_shorter_path_that_comes_before_the_push_moves_the_parent_when_the_push_arrives()
    {
        var (parent, announcer) = (Open("peer-parent"), Open("peer-announcer"));
        Prune(announcer);
        Receive(Push("w", 1, hops: 5), parent);
        _clock.Advance(Options.AnnounceDelay);
        announcer.Take();

        _gossip.OnControl(announcer, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 2, 1), 2)]));
        Assert.Empty(announcer.Take());
        Receive(Push("w", 2, hops: 5), parent);

        Assert.Equal([new UpdateRange("w", 3, 1)], Assert.IsType<GraftFrame>(Assert.Single(announcer.Take())).Wanted);
        Assert.Equal(new PruneFrame("w"), Assert.Single(parent.Take()));
        _clock.Advance(Options.GraftTimeout * 2);
        Assert.Empty(announcer.Take());
    }

    [Fact]
    public void The_writer_itself_never_takes_a_shortcut_to_its_own_updates()
    {
        var announcer = Open("peer-announcer");
        _gossip.Forward(Push("me", 1), from: null);
        announcer.Take();

        _gossip.OnControl(announcer, new IHaveFrame([new AnnouncedRange(new UpdateRange("me", 1, 1), 1)]));

        Assert.Empty(announcer.Take());
    }

    [Fact]
    public void A_graft_is_answered_with_the_hop_count_of_this_peers_path_from_the_writer_not_the_stores()
    {
        var (parent, grafter) = (Open("peer-parent"), Open("peer-grafter"));
        var update = Push("w", 1, hops: 4);
        _store.Apply(update.Update);
        _gossip.Forward(update, parent);
        grafter.Take();

        _gossip.OnControl(grafter, new GraftFrame([new UpdateRange("w", 1, 1)]));

        Assert.Equal(4, Assert.IsType<UpdateFrame>(Assert.Single(grafter.Take())).Update.Hops);
    }

    [Fact]
    public void An_update_pushed_later_than_the_fetch_timeout_is_fetched_from_the_announcer_of_the_shortest_path_and_the_tree_stays()
    {
        var (parent, far, near) = (Open("peer-parent"), Open("peer-far"), Open("peer-near"));
        Prune(far, near);
        Receive(Push("w", 1, hops: 2), parent);
        _clock.Advance(Options.AnnounceDelay);
        far.Take();
        near.Take();

        _gossip.OnControl(far, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 2, 1), 4)]));
        _gossip.OnControl(near, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 2, 1), 3)]));
        _clock.Advance(Options.FetchTimeout!.Value - TimeSpan.FromMilliseconds(1));
        Assert.Empty(near.Take());
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([new UpdateRange("w", 2, 1)], Assert.IsType<FetchFrame>(Assert.Single(near.Take())).Wanted);
        Assert.Empty(far.Take());
        Assert.Empty(parent.Take());
        Assert.Equal(1, _gossip.Figures().FetchesSent);
        Assert.Equal(
            [GossipRole.Eager, GossipRole.Lazy, GossipRole.Lazy],
            new[] { "peer-parent", "peer-far", "peer-near" }.Select(p => _gossip.RoleOf(p, "w")));
        Assert.Equal(0, _gossip.Figures().GraftsSent);
    }

    [Fact]
    public void A_fetched_update_is_pushed_on_to_the_children_and_only_announced_to_the_late_parent_whose_push_then_changes_nothing()
    {
        var child = Open("peer-child");

        var (parent, announcer) = UpdateTwoFetched();
        _clock.Advance(Options.AnnounceDelay);

        Assert.Equal([("w", 1L, UpdateOrigin.Push), ("w", 2L, UpdateOrigin.Push)], child.Take().Select(Pushed));
        Assert.Equal([new UpdateRange("w", 2, 1)], AnnouncedRanges(Assert.Single(parent.Take())));
        Assert.Empty(announcer.Take());
        _gossip.OnDuplicate(parent, Push("w", 2));
        _clock.Advance(Options.GraftTimeout * 2);
        Assert.Empty(parent.Take());
        Assert.Empty(announcer.Take());
        Assert.Equal((GossipRole.Eager, GossipRole.Lazy), (_gossip.RoleOf("peer-parent", "w"), _gossip.RoleOf("peer-announcer", "w")));
        Assert.Equal(new GossipFigures(2, 1, 0, 1, 0), _gossip.Figures());
        Assert.False(_clock.AnyTimerArmed);
    }

    [Fact]
    public void A_parent_whose_push_has_not_come_by_the_graft_timeout_is_replaced_by_the_announcer_that_answered_the_fetch()
    {
        var (parent, announcer) = UpdateTwoFetched();
        Assert.IsType<IHaveFrame>(Assert.Single(parent.Take()));

        _clock.Advance(Options.GraftTimeout - Options.FetchTimeout!.Value - TimeSpan.FromMilliseconds(1));
        Assert.Empty(announcer.Take());
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([new UpdateRange("w", 3, 1)], Assert.IsType<GraftFrame>(Assert.Single(announcer.Take())).Wanted);
        Assert.Equal(new PruneFrame("w"), Assert.Single(parent.Take()));
        Assert.Equal((GossipRole.Lazy, GossipRole.Eager), (_gossip.RoleOf("peer-parent", "w"), _gossip.RoleOf("peer-announcer", "w")));
        Assert.False(_clock.AnyTimerArmed);
    }

    [Fact]
    public void A_parent_that_announces_instead_of_pushing_and_answers_the_fetch_itself_is_grafted_by_the_graft_timeout()
    {
        var parent = Open("peer-parent");
        Receive(Push("w", 1, hops: 2), parent);
        _clock.Advance(Options.AnnounceDelay);
        _gossip.OnControl(parent, IHave(new UpdateRange("w", 2, 1)));
        _clock.Advance(Options.FetchTimeout!.Value);
        Assert.Equal([new UpdateRange("w", 2, 1)], Assert.IsType<FetchFrame>(Assert.Single(parent.Take())).Wanted);
        Receive(Push("w", 2, hops: 2) with { Origin = UpdateOrigin.Fetch }, parent);

        _clock.Advance(Options.GraftTimeout - Options.FetchTimeout!.Value);

        Assert.Equal([new UpdateRange("w", 3, 1)], Assert.IsType<GraftFrame>(Assert.Single(parent.Take())).Wanted);
        Assert.Equal(GossipRole.Eager, _gossip.RoleOf("peer-parent", "w"));
        Assert.False(_clock.AnyTimerArmed);
    }

    [Fact]
    public void A_push_of_the_writers_next_update_shows_the_parent_still_pushes_and_no_parent_is_replaced()
    {
        var (parent, announcer) = UpdateTwoFetched();

        Receive(Push("w", 3, hops: 2), parent);
        _clock.Advance(Options.GraftTimeout * 2);

        Assert.DoesNotContain(parent.Take(), f => f is PruneFrame);
        Assert.DoesNotContain(announcer.Take(), f => f is GraftFrame);
        Assert.Equal(0, _gossip.Figures().GraftsSent);
    }

    [Fact]
    public void A_fetch_is_answered_with_the_held_updates_and_leaves_the_link_lazy()
    {
        var a = Open("peer-a");
        Prune(a);
        _store.Apply(new Update("w", 1, 1, 1, [1]));
        _store.Apply(new Update("w", 2, 2, 1, [2]));

        _gossip.OnControl(a, new FetchFrame([new UpdateRange("w", 1, 3)]));

        Assert.Equal([("w", 1L, UpdateOrigin.Fetch), ("w", 2L, UpdateOrigin.Fetch)], a.Take().Select(Pushed));
        Assert.Equal(GossipRole.Lazy, _gossip.RoleOf("peer-a", "w"));
    }

    [Fact]
    public void Without_a_fetch_timeout_an_announced_update_is_only_grafted()
    {
        using var gossip = new LazyPushGossip(SelfId, _store, _clock, Options with { FetchTimeout = null });
        var a = new FakeGossipLink("peer-a");
        gossip.OnLinkOpened(a);
        gossip.OnControl(a, new PruneFrame("w"));

        gossip.OnControl(a, IHave(new UpdateRange("w", 1, 1)));
        _clock.Advance(Options.GraftTimeout);

        Assert.IsType<GraftFrame>(Assert.Single(a.Take()));
    }

    [Fact]
    public void With_the_default_hold_an_update_is_pushed_at_once_and_announced_only_after_the_hold_with_those_that_came_meanwhile()
    {
        using var gossip = new LazyPushGossip(SelfId, _store, _clock, LazyPushOptions.Default);
        var (from, eager, lazy) = (new FakeGossipLink("peer-from"), new FakeGossipLink("peer-eager"), new FakeGossipLink("peer-lazy"));
        foreach (var link in new[] { from, eager, lazy })
        {
            gossip.OnLinkOpened(link);
        }

        gossip.OnControl(lazy, new PruneFrame("w"));
        gossip.Forward(Push("w", 1), from);
        _clock.Advance(LazyPushOptions.Default.AnnounceHold - TimeSpan.FromMilliseconds(1));
        gossip.Forward(Push("w", 2), from);

        Assert.Equal([1L, 2L], eager.Take().Select(f => Pushed(f).Sequence));
        Assert.Empty(lazy.Take());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([new UpdateRange("w", 1, 2)], AnnouncedRanges(Assert.Single(lazy.Take())));
        Assert.False(_clock.AnyTimerArmed);
    }

    [Fact]
    public void An_announcement_still_held_back_is_withdrawn_when_its_neighbour_announces_the_update_first_unless_this_peer_is_nearer_the_writer()
    {
        using var gossip = new LazyPushGossip(SelfId, _store, _clock, LazyPushOptions.Default);
        var (parent, level, farther, farthest, quiet) = (new FakeGossipLink("peer-parent"), new FakeGossipLink("peer-level"), new FakeGossipLink("peer-farther"), new FakeGossipLink("peer-farthest"), new FakeGossipLink("peer-quiet"));
        foreach (var link in new[] { parent, level, farther, farthest, quiet })
        {
            gossip.OnLinkOpened(link);
            gossip.OnControl(link, new PruneFrame("w"));
        }

        gossip.OnControl(parent, new GraftFrame([new UpdateRange("w", 1, 1)]));
        _store.Apply(Push("w", 1, hops: 2).Update);
        gossip.Forward(Push("w", 1, hops: 3), parent);
        gossip.OnControl(level, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 3)]));
        gossip.OnControl(farther, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 4)]));
        gossip.OnControl(farthest, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 5)]));
        _clock.Advance(LazyPushOptions.Default.AnnounceHold);

        Assert.Empty(level.Take().OfType<IHaveFrame>());
        Assert.Equal([new AnnouncedRange(new UpdateRange("w", 1, 1), 3)], Assert.IsType<IHaveFrame>(Assert.Single(farther.Take())).Ranges);
        Assert.Equal([new AnnouncedRange(new UpdateRange("w", 1, 1), 3)], Assert.IsType<IHaveFrame>(Assert.Single(farthest.Take().OfType<IHaveFrame>())).Ranges);
        Assert.Equal([new AnnouncedRange(new UpdateRange("w", 1, 1), 3)], Assert.IsType<IHaveFrame>(Assert.Single(quiet.Take())).Ranges);
    }

    [Fact]
    public void An_announcement_to_a_neighbour_nearer_the_writer_or_as_near_with_a_lower_id_waits_the_backup_hold_and_its_own_announcement_withdraws_it()
    {
        using var gossip = new LazyPushGossip(SelfId, _store, _clock, OneParent);
        var parent = new FakeGossipLink("peer-parent");
        var (nearer, levelLower, levelHigher, farther) = (new FakeGossipLink("peer-nearer"), new FakeGossipLink("peer-a-level"), new FakeGossipLink("peer-z-level"), new FakeGossipLink("peer-farther"));
        var lazy = new[] { nearer, levelLower, levelHigher, farther };
        foreach (var link in lazy.Prepend(parent))
        {
            gossip.OnLinkOpened(link);
            gossip.OnControl(link, new PruneFrame("w"));
        }

        gossip.OnControl(parent, new GraftFrame([new UpdateRange("w", 1, 1)]));
        Forward(gossip, Push("w", 1, hops: 3), parent);
        foreach (var (link, hops) in new[] { (nearer, 2), (levelLower, 3), (levelHigher, 3), (farther, 4) })
        {
            gossip.OnControl(link, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), hops)]));
        }

        PastTheFlush();
        Drain(lazy);

        Forward(gossip, Push("w", 2, hops: 3), parent);
        _clock.Advance(LazyPushOptions.Default.AnnounceHold);
        var atTheAnnounceHold = lazy.Select(l => l.Take().Count).ToList();
        gossip.OnControl(nearer, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 2, 1), 2)]));
        _clock.Advance(LazyPushOptions.Default.BackupHold - LazyPushOptions.Default.AnnounceHold);

        Assert.Equal([0, 0, 1, 1], atTheAnnounceHold);
        Assert.Empty(nearer.Take());
        Assert.Equal([new AnnouncedRange(new UpdateRange("w", 2, 1), 3)], Assert.IsType<IHaveFrame>(Assert.Single(levelLower.Take())).Ranges);
        Assert.False(_clock.AnyTimerArmed);
    }

    [Fact]
    public void A_held_back_announcement_withdrawn_leaves_no_timer_to_wake_for_it()
    {
        using var gossip = new LazyPushGossip(SelfId, _store, _clock, OneParent);
        var (parent, nearer) = (new FakeGossipLink("peer-parent"), new FakeGossipLink("peer-nearer"));
        gossip.OnLinkOpened(parent);
        gossip.OnLinkOpened(nearer);
        gossip.OnControl(nearer, new PruneFrame("w"));
        Forward(gossip, Push("w", 1, hops: 3), parent);
        gossip.OnControl(nearer, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 2)]));
        PastTheFlush();
        Drain(parent, nearer);

        Forward(gossip, Push("w", 2, hops: 3), parent);
        var heldBack = _clock.AnyTimerArmed;
        gossip.OnControl(nearer, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 2, 1), 2)]));

        Assert.True(heldBack);
        Assert.False(_clock.AnyTimerArmed);
        _clock.Advance(LazyPushOptions.Default.BackupHold);
        Assert.Empty(nearer.Take());
    }

    [Fact]
    public void A_held_back_announcement_to_the_second_parent_withdrawn_by_its_push_leaves_no_timer_to_wake_for_it()
    {
        using var gossip = new LazyPushGossip(SelfId, _store, _clock, LazyPushOptions.Default);
        var (parent, second) = (new FakeGossipLink("peer-parent"), new FakeGossipLink("peer-a-second"));
        gossip.OnLinkOpened(parent);
        gossip.OnLinkOpened(second);
        Forward(gossip, Push("w", 1, hops: 2), parent);
        gossip.OnDuplicate(second, Push("w", 1, hops: 1));
        gossip.OnControl(second, new IHaveFrame([new AnnouncedRange(new UpdateRange("w", 1, 1), 2)]));
        PastTheFlush();
        Drain(parent, second);

        Forward(gossip, Push("w", 2, hops: 2), parent);
        var heldBack = _clock.AnyTimerArmed;
        gossip.OnDuplicate(second, Push("w", 2, hops: 1));

        Assert.True(heldBack);
        Assert.False(_clock.AnyTimerArmed);
        _clock.Advance(LazyPushOptions.Default.BackupHold);
        Assert.Empty(second.Take());
    }

    [Fact]
    public void A_backup_hold_shorter_than_the_announce_hold_is_refused()
    {
        var options = LazyPushOptions.Default with { BackupHold = LazyPushOptions.Default.AnnounceHold - TimeSpan.FromMilliseconds(1) };

        Assert.Throws<ArgumentOutOfRangeException>(() => new LazyPushGossip(SelfId, _store, _clock, options));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(51)]
    public void An_announce_hold_that_is_negative_or_longer_than_the_announce_delay_is_refused(int milliseconds)
    {
        var options = Options with { AnnounceHold = TimeSpan.FromMilliseconds(milliseconds), AnnounceDelay = TimeSpan.FromMilliseconds(50) };

        Assert.Throws<ArgumentOutOfRangeException>(() => new LazyPushGossip(SelfId, _store, _clock, options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(250)]
    public void A_fetch_timeout_that_is_not_positive_and_shorter_than_the_graft_timeout_is_refused(int milliseconds)
    {
        var options = Options with { FetchTimeout = TimeSpan.FromMilliseconds(milliseconds), GraftTimeout = TimeSpan.FromMilliseconds(250) };

        Assert.Throws<ArgumentOutOfRangeException>(() => new LazyPushGossip(SelfId, _store, _clock, options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Parents_other_than_one_or_two_are_refused(int parents)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LazyPushGossip(SelfId, _store, _clock, Options with { Parents = parents }));
    }

    public void Dispose() => _gossip.Dispose();

    /// <param name="hops">The links it will have crossed when it reaches the next peer, as the replicator counts them before passing it on.</param>
    private static UpdateFrame Push(string writer, long sequence, int hops = 1) => new(new Update(writer, sequence, 1000, hops, [1, 2, 3]));

    /// <summary>An announcement of pushed updates from so far away that it never offers a shorter path.</summary>
    private static IHaveFrame IHave(UpdateRange range) => new([new AnnouncedRange(range, AnnouncedRange.NoPath - 1)]);

    private static IEnumerable<UpdateRange> AnnouncedRanges(Frame frame) => Assert.IsType<IHaveFrame>(frame).Ranges.Select(a => a.Range);

    private static (string Writer, long Sequence, UpdateOrigin Origin) Pushed(Frame frame)
    {
        var update = Assert.IsType<UpdateFrame>(frame);
        return (update.Update.Writer, update.Update.Sequence, update.Origin);
    }

    /// <summary>The parent pushed w's update 1; a lazy neighbour announced update 2, which was not pushed within the
    /// fetch timeout, was fetched from it and has just arrived.</summary>
    private (FakeGossipLink Parent, FakeGossipLink Announcer) UpdateTwoFetched()
    {
        var (parent, announcer) = (Open("peer-parent"), Open("peer-announcer"));
        Prune(announcer);
        Receive(Push("w", 1, hops: 2), parent);
        _clock.Advance(Options.AnnounceDelay);
        _gossip.OnControl(announcer, IHave(new UpdateRange("w", 2, 1)));
        _clock.Advance(Options.FetchTimeout!.Value);
        Assert.Equal(["IHaveFrame", "FetchFrame"], announcer.Take().Select(f => f.GetType().Name));
        Receive(Push("w", 2, hops: 3) with { Origin = UpdateOrigin.Fetch }, announcer);
        return (parent, announcer);
    }

    /// <summary>What the replicator does with an update new here: stores it, then passes it on.</summary>
    private void Receive(UpdateFrame frame, FakeGossipLink from)
    {
        _store.Apply(frame.Update);
        _gossip.Forward(frame, from);
    }

    /// <summary>The announce hold, when the waiting announcements go, then a second: the next update's announcements
    /// are not gathered with them. (The fake clock fires a timer with the time it is advanced to, not the time it was due.)</summary>
    private void PastTheFlush()
    {
        _clock.Advance(LazyPushOptions.Default.AnnounceHold);
        _clock.Advance(TimeSpan.FromSeconds(1));
    }

    /// <summary>A gossip with the default timings whose links to <paramref name="lazy"/> are pruned for writer w, and
    /// which has had w's first update pushed by <paramref name="parent"/> five hops from w, passed on and announced;
    /// every link's frames taken.</summary>
    private LazyPushGossip PastAFirstUpdateFiveHopsAway(FakeGossipLink parent, FakeGossipLink[] lazy, FakeGossipLink[] eager)
    {
        var gossip = new LazyPushGossip(SelfId, _store, _clock, LazyPushOptions.Default);
        FakeGossipLink[] links = [parent, .. lazy, .. eager];
        foreach (var link in links)
        {
            gossip.OnLinkOpened(link);
        }

        foreach (var link in lazy)
        {
            gossip.OnControl(link, new PruneFrame("w"));
        }

        Forward(gossip, Push("w", 1, hops: 5), parent);
        PastTheFlush();
        Drain(links);
        return gossip;
    }

    /// <summary>The update held, as the replicator applies it before passing it on, and forwarded.</summary>
    private void Forward(LazyPushGossip gossip, UpdateFrame frame, IGossipLink from)
    {
        _store.Apply(frame.Update);
        gossip.Forward(frame, from);
    }

    private FakeGossipLink Open(string peerId)
    {
        var link = new FakeGossipLink(peerId);
        _gossip.OnLinkOpened(link);
        return link;
    }

    private static void Drain(params FakeGossipLink[] links)
    {
        foreach (var link in links)
        {
            link.Take();
        }
    }

    /// <summary>Turns the links lazy for writer w, as a prune from their far end does.</summary>
    private void Prune(params FakeGossipLink[] links)
    {
        foreach (var link in links)
        {
            _gossip.OnControl(link, new PruneFrame("w"));
        }
    }
}
