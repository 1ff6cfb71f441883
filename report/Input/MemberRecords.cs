using CMesh.Common.Clocks;
using CMesh.Common.Records;

namespace CMesh.Report.Input;

/// <summary>
/// Where the report reads what a member recorded (a peer's files under peers/&lt;peer&gt;/, the coordinator's under
/// coordinator/), one place for all of them so that every record reaches a figure on the CLI's clock.
/// </summary>
public sealed class MemberRecords(RunFolder folder, ClockCorrection clocks, InputTally tally)
{
    public ClockCorrection Clocks => clocks;

    /// <summary>The member's file of this format, read by <see cref="CsvSource"/>, its times corrected.</summary>
    public IEnumerable<T> Read<T>(string member, Action<IRecordFields>? onHeader = null) where T : IRecordFile<T>
    {
        var name = NameOf<T>(member);
        return clocks.ToCliClock(member, CsvSource.Read<T>(folder.File(name), name, tally, onHeader));
    }

    public bool Exists<T>(string member) where T : IRecordFile<T> => File.Exists(folder.File(NameOf<T>(member)));

    private static string NameOf<T>(string member) where T : IRecordFile<T> =>
        member == RunClocks.Coordinator ? $"{RunClocks.Coordinator}/{T.FileName}" : RunFolder.PeerFileName(member, T.FileName);
}
