// One app and one browser for the whole assembly (see BrowserCollection); tests run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
