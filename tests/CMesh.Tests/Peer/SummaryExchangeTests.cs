using CMesh.Peer.Network;
using CMesh.Peer.Sync;
using FsCheck;
using FsCheck.Fluent;

namespace CMesh.Tests.Peer;

public sealed class SummaryExchangeTests
{
    private readonly SummaryExchange _exchange = new();

    [Fact]
    public void A_link_opens_with_the_whole_summary_and_each_periodic_one_names_only_the_writers_that_rose_since_the_last()
    {
        var opening = _exchange.Opening(Vector(("a", 3), ("b", 1)));
        var first = _exchange.Periodic(Vector(("a", 3), ("b", 2), ("c", 1)));
        var quiet = _exchange.Periodic(Vector(("a", 3), ("b", 2), ("c", 1)));
        var second = _exchange.Periodic(Vector(("a", 4), ("b", 2), ("c", 1)));

        Assert.Equal("a:3 b:1", opening.ToString());
        Assert.Equal("b:2 c:1", first.ToString());
        Assert.Empty(quiet.Entries);
        Assert.Equal("a:4", second.ToString());
    }

    [Fact]
    public void A_periodic_summary_before_the_opening_one_names_every_writer()
    {
        Assert.Equal("a:1 b:2", _exchange.Periodic(Vector(("a", 1), ("b", 2))).ToString());
        Assert.Empty(_exchange.Periodic(Vector(("a", 1), ("b", 2))).Entries);
    }

    [Fact]
    public void A_writer_whose_updates_crossed_the_link_either_way_is_left_out_but_one_only_announced_here_is_not()
    {
        _exchange.Opening(Vector(("pushed", 1), ("announced", 1), ("received", 1), ("heard-of", 1)));
        _exchange.Sent(Push("pushed", 2));
        _exchange.Sent(new IHaveFrame([new AnnouncedRange(new UpdateRange("announced", 2, 2), 3)]));
        _exchange.Received(Push("received", 2));
        _exchange.Received(new IHaveFrame([new AnnouncedRange(new UpdateRange("heard-of", 2, 1), 3)]));

        var periodic = _exchange.Periodic(Vector(("pushed", 2), ("announced", 3), ("received", 2), ("heard-of", 2)));

        Assert.Equal("heard-of:2", periodic.ToString());
    }

    [Fact]
    public void A_writer_whose_updates_crossed_the_link_past_a_gap_is_still_named()
    {
        _exchange.Opening(Vector(("a", 1)));
        _exchange.Sent(Push("a", 3));

        Assert.Equal("a:3", _exchange.Periodic(Vector(("a", 3))).ToString());
    }

    [Fact]
    public void What_is_heard_gathers_every_summary_in_whatever_order_they_came()
    {
        var delta = _exchange.Heard(Vector(("b", 5)));
        var whole = _exchange.Heard(Vector(("a", 2), ("b", 4), ("c", 1)));
        var later = _exchange.Heard(Vector(("c", 2)));

        Assert.Equal("b:5", delta.ToString());
        Assert.Equal("a:2 b:5 c:1", whole.ToString());
        Assert.Equal("a:2 b:5 c:2", later.ToString());
    }

    [Fact]
    public void What_is_heard_takes_in_the_updates_either_end_sent_and_those_the_far_end_announced_but_never_fills_a_gap()
    {
        _exchange.Heard(Vector(("a", 1), ("b", 1), ("c", 1), ("d", 1)));
        _exchange.Sent(Push("a", 2));
        _exchange.Received(Push("b", 2));
        _exchange.Received(new IHaveFrame([new AnnouncedRange(new UpdateRange("c", 2, 1), 1)]));
        _exchange.Sent(new IHaveFrame([new AnnouncedRange(new UpdateRange("d", 2, 1), 1)]));
        _exchange.Received(Push("d", 3));

        Assert.Equal("a:2 b:2 c:2 d:1", _exchange.Heard(VersionVector.Empty).ToString());
    }

    /// <summary>
    /// Two ends of a link, each holding updates of two writers, send each other updates, announcements and periodic
    /// summaries over two in-order channels, in a random interleaving. What one end hears never claims an update the
    /// other lacks (once the updates it sent have arrived); and when a summary arrives, every writer it left out is one whose whole watermark the receiver had
    /// heard already, so leaving it out costs no resend.
    /// </summary>
    [Fact]
    public void Each_end_hears_only_what_the_other_holds_and_a_summary_leaves_out_only_what_the_far_end_heard_already() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 200).ToArbitrary(), (seed, steps) =>
        {
            var random = new Random(seed);
            var ends = new[] { new End(), new End() };
            foreach (var end in ends)
            {
                end.Learn("w1", 1);
                var watermarks = end.Watermarks();
                end.Queue(new SummaryFrame(end.Exchange.Opening(watermarks)), watermarks);
            }

            for (var step = 0; step < steps; step++)
            {
                var (from, to) = random.Next(2) == 0 ? (ends[0], ends[1]) : (ends[1], ends[0]);
                switch (random.Next(5))
                {
                    case 0:
                        var writer = random.Next(2) == 0 ? "w1" : "w2";
                        from.Learn(writer, random.Next(1, 12));
                        break;
                    case 1 when from.Holds.Count > 0:
                        var pushed = from.Holds.ElementAt(random.Next(from.Holds.Count));
                        from.Queue(Push(pushed.Writer, pushed.Sequence), null);
                        break;
                    case 2 when from.Holds.Count > 0:
                        var announced = from.Holds.ElementAt(random.Next(from.Holds.Count));
                        from.Queue(new IHaveFrame([new AnnouncedRange(new UpdateRange(announced.Writer, announced.Sequence, 1), 1)]), null);
                        break;
                    case 3:
                        var watermarks = from.Watermarks();
                        from.Queue(new SummaryFrame(from.Exchange.Periodic(watermarks), Periodic: true), watermarks);
                        break;
                    default:
                        if (!to.Deliver(from))
                        {
                            continue;
                        }

                        break;
                }

                foreach (var (hearer, held) in new[] { (ends[0], ends[1]), (ends[1], ends[0]) })
                {
                    var heard = hearer.Exchange.Heard(VersionVector.Empty);
                    if (!held.Watermarks(hearer.InFlight()).Covers(heard))
                    {
                        return false;
                    }
                }
            }

            return ends.All(end => end.LeftOutWasHeard);
        }).QuickCheckThrowOnFailure();

    private static UpdateFrame Push(string writer, long sequence) => new(new Update(writer, sequence, 0, 1, []));

    private static VersionVector Vector(params (string Writer, long Watermark)[] entries) =>
        new(entries.ToDictionary(e => e.Writer, e => e.Watermark, StringComparer.Ordinal));

    /// <summary>One end of the link: what it holds, its exchange, and the channel of frames it sent, in order.</summary>
    private sealed class End
    {
        private readonly Queue<(Frame Frame, VersionVector? WatermarksThen)> _outbox = new();

        public SummaryExchange Exchange { get; } = new();

        public HashSet<UpdateId> Holds { get; } = [];

        public bool LeftOutWasHeard { get; private set; } = true;

        public void Learn(string writer, long sequence) => Holds.Add(new UpdateId(writer, sequence));

        /// <summary>The watermarks of what this end holds, and will hold once the given updates arrive.</summary>
        public VersionVector Watermarks(IEnumerable<UpdateId>? arriving = null)
        {
            var all = Holds.Concat(arriving ?? []).ToHashSet();
            return new VersionVector(all.Select(id => id.Writer).Distinct().ToDictionary(
                writer => writer,
                writer => (long)Enumerable.Range(1, int.MaxValue - 1).TakeWhile(s => all.Contains(new UpdateId(writer, s))).Count(),
                StringComparer.Ordinal));
        }

        public IEnumerable<UpdateId> InFlight() =>
            _outbox.Select(sent => sent.Frame).OfType<UpdateFrame>().Select(frame => UpdateId.Of(frame.Update));

        public void Queue(Frame frame, VersionVector? watermarksThen)
        {
            Exchange.Sent(frame);
            _outbox.Enqueue((frame, watermarksThen));
        }

        /// <summary>Takes the next frame the other end sent; false when it sent none.</summary>
        public bool Deliver(End sender)
        {
            if (!sender._outbox.TryDequeue(out var sent))
            {
                return false;
            }

            Exchange.Received(sent.Frame);
            switch (sent.Frame)
            {
                case UpdateFrame { Update: var update }:
                    Learn(update.Writer, update.Sequence);
                    break;
                case SummaryFrame summary:
                    var heardBefore = Exchange.Heard(VersionVector.Empty);
                    var leftOut = sent.WatermarksThen!.Entries.Where(e => !summary.Summary.Entries.ContainsKey(e.Key));
                    LeftOutWasHeard &= leftOut.All(e => heardBefore[e.Key] >= e.Value);
                    Exchange.Heard(summary.Summary);
                    break;
            }

            return true;
        }
    }
}
