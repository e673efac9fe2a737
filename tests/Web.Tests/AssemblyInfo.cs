// Every test class starts a host, and most run the engine: one at a time keeps a 2-core machine responsive and the
// timings honest. (Hangfire's static configuration is also shared by hosts in one process.)
[assembly: CollectionBehavior(DisableTestParallelization = true)]
