using CMesh.Common.Contracts;
using CMesh.Peer.Network;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Peer;

public sealed class CandidateBookTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Each_failed_dial_doubles_the_backoff_with_jitter_until_it_is_capped_at_30_s()
    {
        var book = Book(Peer(2));
        var candidate = book.Find("peer-2")!;

        var backoffs = Enumerable.Range(0, 12).Select(_ => book.DialFailed(candidate, FailureKind.Refused, "refused")).ToList();

        for (var failure = 0; failure < backoffs.Count; failure++)
        {
            var step = TimeSpan.FromMilliseconds(Math.Min(500 * Math.Pow(2, failure), 30_000));
            Assert.InRange(backoffs[failure], step / 2, step);
        }

        Assert.True(backoffs[5] > backoffs[0] * 8, "the backoff did not grow");
        Assert.All(backoffs.Skip(7), b => Assert.InRange(b, TimeSpan.FromSeconds(15), CandidateBook.MaxBackoff));
    }

    [Fact]
    public void A_failed_candidate_is_not_offered_again_until_its_backoff_has_passed()
    {
        var book = Book(Peer(2));
        var backoff = book.DialFailed(book.Find("peer-2")!, FailureKind.Timeout, "timeout");

        _clock.Advance(backoff - TimeSpan.FromMilliseconds(1));
        Assert.Null(book.Next(NotLinked));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("peer-2", book.Next(NotLinked)?.Address.PeerId);
    }

    [Fact]
    public void A_peer_lost_touch_with_is_offered_for_a_probe_even_while_it_backs_off_and_others_are_not()
    {
        var book = Book(Peer(2), Peer(3), Peer(4), Peer(5), Peer(6));
        book.DialFailed(book.Find("peer-2")!, FailureKind.Timeout, "timeout");
        book.DialFailed(book.Find("peer-3")!, FailureKind.Refused, "refused");
        book.SetBack("peer-4", "replaced: forwarded no update");

        var offered = Enumerable.Range(0, 50).Select(_ => book.Lost(NotLinked, peer => peer == "peer-5")?.Address.PeerId).Distinct().Order().ToList();

        Assert.Equal(["peer-2", "peer-5"], offered);
        Assert.Null(book.Lost(peer => peer is "peer-2" or "peer-5", peer => peer == "peer-5"));
        book.Succeeded(book.Find("peer-2")!);
        Assert.Null(book.Lost(NotLinked, _ => false));
    }

    [Fact]
    public void A_successful_dial_clears_the_failures_so_the_peer_is_preferred_again()
    {
        var book = Book(Peer(2), Peer(3));
        var peer2 = book.Find("peer-2")!;
        book.DialFailed(peer2, FailureKind.Refused, "refused");
        _clock.Advance(CandidateBook.MaxBackoff);

        book.Succeeded(peer2);

        Assert.Equal(0, peer2.Failures);
        Assert.Equal("peer-2", book.Next(peer => peer == "peer-3")?.Address.PeerId);
    }

    [Fact]
    public void Bootstrap_peers_only_get_a_peer_in_in_the_coordinators_order_while_peers_from_discovery_and_exchange_are_preferred()
    {
        var book = Book();
        book.Learn([Peer(3), Peer(2), Peer(6)], CandidateSource.Bootstrap);
        book.Learn([Peer(4)], CandidateSource.Discovery);
        book.Learn([Peer(5)], CandidateSource.PeerExchange);
        var linked = new HashSet<string>();

        var order = new List<string>();
        while (book.Next(linked.Contains) is { } next)
        {
            order.Add(next.Address.PeerId);
            linked.Add(next.Address.PeerId);
        }

        Assert.Equal(["peer-5", "peer-4", "peer-3", "peer-2", "peer-6"], order);
    }

    [Fact]
    public void A_bootstrap_peer_learnt_again_from_discovery_keeps_the_better_source()
    {
        var book = Book(Peer(2));

        book.Learn([Peer(2)], CandidateSource.Discovery);
        book.Learn([Peer(2)], CandidateSource.Bootstrap);

        Assert.Equal(CandidateSource.Discovery, book.Find("peer-2")!.Source);
    }

    [Fact]
    public void A_neighbour_set_back_for_not_forwarding_is_tried_after_every_other_peer_once_its_backoff_has_passed()
    {
        var book = Book();
        book.Learn([Peer(2)], CandidateSource.PeerExchange);
        book.Learn([Peer(3), Peer(4)], CandidateSource.Bootstrap);

        book.SetBack("peer-2", "replaced: forwarded no update in 10 s while other links did");
        _clock.Advance(CandidateBook.MaxBackoff);

        Assert.NotEqual("peer-2", book.Next(NotLinked)!.Address.PeerId);
        Assert.NotEqual("peer-2", book.Next(peer => peer == "peer-3")!.Address.PeerId);
        Assert.Equal("peer-2", book.Next(peer => peer is "peer-3" or "peer-4")!.Address.PeerId);
        Assert.Null(book.Find("peer-2")!.LastFailure);
        Assert.StartsWith("replaced", book.Find("peer-2")!.LastError);
    }

    [Fact]
    public void The_book_never_holds_the_peer_itself_nor_an_address_it_cannot_dial()
    {
        var book = Book(Peer(1), new PeerAddress("peer-9", "not-an-endpoint"), Peer(2));

        Assert.Equal(["peer-2"], book.All.Select(c => c.Address.PeerId));
    }

    [Fact]
    public void Peers_sent_in_exchange_leave_out_the_receiver_and_stop_at_the_count()
    {
        var book = Book(Enumerable.Range(2, 20).Select(Peer).ToArray());

        var sample = book.Sample(16, "peer-5");

        Assert.Equal(16, sample.Count);
        Assert.DoesNotContain(sample, p => p.PeerId == "peer-5");
        Assert.Equal(16, sample.Distinct().Count());
    }

    [Fact]
    public void The_same_seed_picks_the_same_discovered_candidates_in_the_same_order()
    {
        var peers = Enumerable.Range(2, 10).Select(Peer).ToArray();

        Assert.Equal(Order(Discovered(peers)), Order(Discovered(peers)));
        Assert.NotEqual(peers.Select(p => p.PeerId), Order(Discovered(peers)));
    }

    private static bool NotLinked(string peerId) => false;

    private static PeerAddress Peer(int n) => new($"peer-{n}", $"10.1.0.{n}:7100");

    private static List<string> Order(CandidateBook book)
    {
        var linked = new HashSet<string>();
        while (book.Next(linked.Contains) is { } next)
        {
            linked.Add(next.Address.PeerId);
        }

        return [.. linked];
    }

    private CandidateBook Discovered(PeerAddress[] peers)
    {
        var book = Book();
        book.Learn(peers, CandidateSource.Discovery);
        return book;
    }

    private CandidateBook Book(params PeerAddress[] bootstrap)
    {
        var book = new CandidateBook("peer-1", _clock, new Random(7));
        book.Learn(bootstrap, CandidateSource.Bootstrap);
        return book;
    }
}
