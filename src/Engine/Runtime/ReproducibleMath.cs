using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FedBpt.Engine.Runtime;

/// <summary>
/// Makes libtorch's CPU GEMMs bit-reproducible. MKL picks code paths by the memory alignment of its
/// operands, so the same forward can differ in the last bits from call to call; a resumed run would
/// then drift from an uninterrupted one. MKL_CBWR=AUTO,STRICT pins the path. MKL reads it when it
/// initializes, so it is set (through libc: .NET's SetEnvironmentVariable does not reach native
/// getenv) as soon as the engine assembly loads, unless the user has set it. See docs/adr/0002.
/// </summary>
internal static partial class ReproducibleMath
{
    internal const string Variable = "MKL_CBWR";
    internal const string Value = "AUTO,STRICT";

#pragma warning disable CA2255 // a library module initializer is the point: it must run before libtorch's first GEMM
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null) return;
        _ = SetEnv(Variable, Value, 0);
        Environment.SetEnvironmentVariable(Variable, Value);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
