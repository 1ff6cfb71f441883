using CMesh.Introspection.Metrics;

namespace CMesh.Peer.Introspection;

/// <summary>
/// The process and its garbage-collected heap, under the names Prometheus's own client libraries give them, so a
/// peer's memory can be told apart: objects the peer keeps (heap after the last collection) from memory the
/// collector has not yet reclaimed or given back (committed).
/// </summary>
public static class RuntimeMetrics
{
    public static void Write(PrometheusText text)
    {
        text.Family("process_resident_memory_bytes", MetricType.Gauge, "Resident set of the peer process.").Sample(Environment.WorkingSet);
        text.Family("process_cpu_seconds_total", MetricType.Counter, "User and system CPU time of the peer process.")
            .Sample(Environment.CpuUsage.TotalTime.TotalSeconds);

        var heap = GC.GetGCMemoryInfo();
        text.Family("dotnet_gc_heap_size_bytes", MetricType.Gauge, "Managed heap after the last collection, live objects and fragmentation.").Sample(heap.HeapSizeBytes);
        text.Family("dotnet_gc_fragmented_bytes", MetricType.Gauge, "Free space inside the managed heap after the last collection.").Sample(heap.FragmentedBytes);
        text.Family("dotnet_gc_committed_bytes", MetricType.Gauge, "Memory the collector holds from the system.").Sample(heap.TotalCommittedBytes);
        text.Family("dotnet_gc_memory_limit_bytes", MetricType.Gauge, "The heap's limit as the collector sees it (container limit, hard limit, or physical memory).")
            .Sample(heap.TotalAvailableMemoryBytes);
        text.Family("dotnet_gc_allocated_bytes_total", MetricType.Counter, "Bytes allocated on the managed heap since the peer started.").Sample(GC.GetTotalAllocatedBytes());
        text.Family("dotnet_gc_collections_total", MetricType.Counter, "Collections by generation (a collection of a generation counts in the younger ones too).");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            text.Sample(GC.CollectionCount(generation), ("generation", generation.ToString()));
        }

        text.Family("dotnet_threadpool_completed_items_total", MetricType.Counter, "Work items the thread pool has run: each is a hop from one thread to another.")
            .Sample(ThreadPool.CompletedWorkItemCount);
        text.Family("dotnet_threadpool_threads", MetricType.Gauge, "Thread-pool worker threads.").Sample(ThreadPool.ThreadCount);
        text.Family("dotnet_threadpool_queue_length", MetricType.Gauge, "Work items waiting for a thread-pool thread.").Sample(ThreadPool.PendingWorkItemCount);
        text.Family("dotnet_monitor_lock_contention_total", MetricType.Counter, "Times a thread waited for a lock another held.").Sample(Monitor.LockContentionCount);
    }
}
