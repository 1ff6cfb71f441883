// The end-to-end tests share one engine and two cores: they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
