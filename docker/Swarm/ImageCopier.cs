using System.Diagnostics;
using CMesh.Docker.Engine;

namespace CMesh.Docker.Swarm;

/// <summary>A node's engine images go to.</summary>
public sealed record ImageCopyTarget(string Node, IDockerEngine Engine);

/// <summary>Stage: skipped (the node has the same image id), copying (Bytes so far), loaded.</summary>
public sealed record ImageCopyProgress(string Node, string Stage, IReadOnlyList<string> Images, long Bytes);

/// <summary>What one node received: the images copied and skipped, the bytes sent and the time it took.</summary>
public sealed record ImageCopyResult(string Node, IReadOnlyList<string> Copied, IReadOnlyList<string> Skipped, long Bytes, TimeSpan Elapsed);

/// <summary>
/// Copies images from the local engine to other nodes' engines without a registry: docker save streamed straight
/// into docker load on the node (no temporary file), the images a node lacks in one tar so shared layers go once.
/// A node that already holds an image with the same id is skipped; after the load every image is checked by id.
/// </summary>
public sealed class ImageCopier(IDockerEngine source, int parallelNodes = 4)
{
    private const long ProgressEveryBytes = 16 * 1024 * 1024;

    /// <summary>Throws <see cref="InvalidOperationException"/> when an image is not on the local engine or did not arrive intact.</summary>
    public async Task<IReadOnlyList<ImageCopyResult>> CopyAsync(
        IReadOnlyList<string> images, IReadOnlyList<ImageCopyTarget> targets, IProgress<ImageCopyProgress>? progress, CancellationToken ct)
    {
        var ids = new Dictionary<string, string>();
        foreach (var image in images.Distinct())
        {
            ids[image] = (await source.Images.InspectAsync(image, ct))?.Id
                ?? throw new InvalidOperationException($"image {image} is not on the local engine: build it first");
        }

        using var slots = new SemaphoreSlim(parallelNodes);
        return await Task.WhenAll(targets.Select(async target =>
        {
            await slots.WaitAsync(ct);
            try
            {
                return await CopyToAsync(ids, target, progress, ct);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    private async Task<ImageCopyResult> CopyToAsync(
        IReadOnlyDictionary<string, string> ids, ImageCopyTarget target, IProgress<ImageCopyProgress>? progress, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var missing = new List<string>();
        var skipped = new List<string>();
        foreach (var (image, id) in ids)
        {
            (await target.Engine.Images.InspectAsync(image, ct) is { } there && there.Id == id ? skipped : missing).Add(image);
        }

        if (skipped.Count > 0)
            progress?.Report(new ImageCopyProgress(target.Node, "skipped", skipped, 0));
        long bytes = 0;
        if (missing.Count > 0)
        {
            await using var saved = await source.Images.SaveAsync(missing, ct);
            await using var counted = new CountingStream(saved, total =>
            {
                bytes = total;
                progress?.Report(new ImageCopyProgress(target.Node, "copying", missing, total));
            }, ProgressEveryBytes);
            await target.Engine.Images.LoadAsync(counted, null, ct);
            bytes = counted.Total;
            foreach (var image in missing)
            {
                if ((await target.Engine.Images.InspectAsync(image, ct))?.Id != ids[image])
                    throw new InvalidOperationException($"image {image} did not arrive intact on node {target.Node}: its id there is not {ids[image]}");
            }
            progress?.Report(new ImageCopyProgress(target.Node, "loaded", missing, bytes));
        }

        return new ImageCopyResult(target.Node, missing, skipped, bytes, started.Elapsed);
    }

    /// <summary>Passes a stream through, counting the bytes read and reporting the count every so many bytes.</summary>
    private sealed class CountingStream(Stream inner, Action<long> report, long every) : Stream
    {
        private long _reported;

        public long Total { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Total; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int read)
        {
            Total += read;
            if (Total - _reported >= every)
            {
                _reported = Total;
                report(Total);
            }
            return read;
        }
    }
}
