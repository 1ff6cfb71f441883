using System.Formats.Tar;
using CMesh.Docker.Swarm;

namespace CMesh.Tests.Swarm;

public sealed class RecordArchiveTests : IDisposable
{
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-records-").FullName;

    public void Dispose() => Directory.Delete(_results, recursive: true);

    [Fact]
    public async Task A_nodes_peer_folders_land_in_the_results_folder_as_they_are_there()
    {
        using var tar = await TarOf(("peers/peer-2/writes.csv", "seq\n1\n2\n"), ("peers/peer-2/deliveries.csv", "writer\n"), ("peers/peer-5/writes.csv", "seq\n"));

        var merged = await RecordArchive.MergeAsync(tar, _results, CancellationToken.None);

        Assert.Equal("seq\n1\n2\n", File.ReadAllText(Path.Combine(_results, "peers", "peer-2", "writes.csv")));
        Assert.Equal("seq\n", File.ReadAllText(Path.Combine(_results, "peers", "peer-5", "writes.csv")));
        Assert.Equal((3, 19L, 0), (merged.Files, merged.Bytes, merged.KeptLocal));
        Assert.Equal(["peer-2", "peer-5"], merged.Peers);
    }

    [Fact]
    public async Task A_longer_local_file_is_kept_and_an_archived_longer_one_replaces_a_shorter()
    {
        Directory.CreateDirectory(Path.Combine(_results, "peers", "peer-2"));
        File.WriteAllText(Path.Combine(_results, "peers", "peer-2", "writes.csv"), "seq\n1\n2\n3\n");
        File.WriteAllText(Path.Combine(_results, "peers", "peer-2", "deliveries.csv"), "writer\n");
        using var tar = await TarOf(("peers/peer-2/writes.csv", ""), ("peers/peer-2/deliveries.csv", "writer\npeer-1,1\n"));

        var merged = await RecordArchive.MergeAsync(tar, _results, CancellationToken.None);

        Assert.Equal("seq\n1\n2\n3\n", File.ReadAllText(Path.Combine(_results, "peers", "peer-2", "writes.csv")));
        Assert.Equal("writer\npeer-1,1\n", File.ReadAllText(Path.Combine(_results, "peers", "peer-2", "deliveries.csv")));
        Assert.Equal((1, 1), (merged.Files, merged.KeptLocal));
    }

    [Fact]
    public async Task Records_brought_back_a_second_time_are_left_alone_and_not_counted_again()
    {
        using var first = await TarOf(("peers/peer-2/writes.csv", "seq\n1\n"));
        await RecordArchive.MergeAsync(first, _results, CancellationToken.None);
        using var again = await TarOf(("peers/peer-2/writes.csv", "seq\n1\n"));

        var merged = await RecordArchive.MergeAsync(again, _results, CancellationToken.None);

        Assert.Equal((0, 0L, 0), (merged.Files, merged.Bytes, merged.KeptLocal));
        Assert.Equal(["peer-2"], merged.Peers);
        Assert.Equal("seq\n1\n", File.ReadAllText(Path.Combine(_results, "peers", "peer-2", "writes.csv")));
    }

    [Fact]
    public async Task An_entry_that_would_land_outside_the_results_folder_is_refused()
    {
        using var tar = await TarOf(("peers/../../escaped.csv", "x"));

        await Assert.ThrowsAsync<InvalidDataException>(() => RecordArchive.MergeAsync(tar, _results, CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_results)!, "escaped.csv")));
    }

    private static async Task<MemoryStream> TarOf(params (string Name, string Text)[] files)
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "peers/"));
            foreach (var (name, text) in files)
            {
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) });
            }
        }

        tar.Position = 0;
        return tar;
    }
}
