using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CMesh.Tests.Docker;

public class DockerArchiveTests
{
    [Fact]
    public async Task A_folder_comes_out_of_a_container_as_the_engines_tar_stream()
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "peers/"));
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "peers/peer-2/writes.csv") { DataStream = new MemoryStream("seq\n1\n"u8.ToArray()) });
        }

        var engine = new FakeEngineHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(tar.ToArray()) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
            response.Headers.Add("X-Docker-Container-Path-Stat", Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"name":"peers","size":4096,"mode":2147484141,"mtime":"2026-11-29T00:00:00Z","linkTarget":""}""")));
            return response;
        });
        using var client = FakeEngine.Client(engine);

        await using var archive = await client.Containers.GetArchiveAsync("c1", "/results/peers", CancellationToken.None);

        Assert.Equal((HttpMethod.Get, "/containers/c1/archive"), (engine.Requests[0].Method, engine.Requests[0].Path));
        Assert.Equal("/results/peers", engine.Requests[0].Query["path"]);
        var entries = new List<string>();
        await using var reader = new TarReader(archive!);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            entries.Add(entry.Name);
        }

        Assert.Equal(["peers/", "peers/peer-2/writes.csv"], entries);
    }

    [Fact]
    public async Task A_missing_container_or_path_gives_no_archive()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"message":"Could not find the file /results/peers in container c1"}""", HttpStatusCode.NotFound));
        using var client = FakeEngine.Client(engine);

        Assert.Null(await client.Containers.GetArchiveAsync("c1", "/results/peers", CancellationToken.None));
    }
}
