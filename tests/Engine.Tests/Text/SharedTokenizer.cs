using FedBpt.Engine.Text;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Text;

/// <summary>One tokenizer for the whole test run: loading the 50k-entry vocabulary takes a moment.</summary>
internal static class SharedTokenizer
{
    private static readonly Lazy<RobertaTokenizer> Lazy = new(() => RobertaTokenizer.Load(SharedPaths.Tokenizer));

    public static RobertaTokenizer Instance => Lazy.Value;
}
