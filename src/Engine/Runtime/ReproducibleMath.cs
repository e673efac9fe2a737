using System.Runtime.InteropServices;

namespace FedBpt.Engine.Runtime;

/// <summary>
/// Bitwise-reproducible CPU math. libtorch's CPU BLAS (MKL) picks its GEMM kernels by memory alignment, so the same
/// float32 product can differ in the last bits from one call to the next: two runs of one spec in one process, or a
/// run resumed from its checkpoint, then drift apart around 1e-7. MKL's strict Conditional Numerical Reproducibility
/// mode (<c>MKL_CBWR=AUTO,STRICT</c>) removes that at no measurable cost, keeping the fastest instruction set.
/// MKL reads the variable once, when it initializes, so call <see cref="Enable"/> before the first tensor operation.
/// </summary>
public static class ReproducibleMath
{
    public const string Variable = "MKL_CBWR";
    public const string StrictAuto = "AUTO,STRICT";

    /// <summary>Sets <c>MKL_CBWR</c> unless the environment already does; returns the value in effect.</summary>
    public static string Enable()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured) return configured;
        // On Unix .NET keeps its own copy of the environment; native code (MKL) only sees the C library's.
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && SetEnv(Variable, StrictAuto, 0) != 0)
            throw new InvalidOperationException($"Could not set {Variable} in the native environment.");
        Environment.SetEnvironmentVariable(Variable, StrictAuto);
        return StrictAuto;
    }

    // DllImport rather than LibraryImport, whose generated marshalling would need unsafe code in this project.
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
