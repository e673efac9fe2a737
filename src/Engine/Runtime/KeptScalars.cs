using TorchSharp;
using static TorchSharp.torch;

namespace FedBpt.Engine.Runtime;

/// <summary>
/// Tensor operations with a number argument whose native Scalar stays referenced until libtorch has read it.
/// TorchSharp turns a number (and the default <c>alpha = 1</c> of add) into a <see cref="Scalar"/>, a native object
/// with a finalizer that no managed code references during the native call, and Scalars are not tracked by dispose
/// scopes: a GC started by another thread can finalize it mid-call. Seen once in a full test run on a loaded machine
/// (libtorch: "toFloat … Expected false to be true" inside <c>add_</c>). The model's forward and the scorer use these
/// instead; a number used once is disposed right after its call, <see cref="One"/> lives for the process.
/// </summary>
internal static class KeptScalars
{
    private static readonly Scalar One = 1.ToScalar();

    /// <summary><c>x += y</c>.</summary>
    public static Tensor AddInPlace(this Tensor x, Tensor y) => x.add_(y, One);

    /// <summary><c>x += value</c>.</summary>
    public static Tensor AddInPlace(this Tensor x, long value) => With(value, s => x.add_(s, One));

    /// <summary><c>x + value</c>.</summary>
    public static Tensor Plus(this Tensor x, long value) => With(value, s => x.add(s, One));

    /// <summary><c>x - value</c>.</summary>
    public static Tensor Minus(this Tensor x, long value) => With(value, x.sub);

    /// <summary><c>x *= value</c>.</summary>
    public static Tensor MulInPlace(this Tensor x, long value) => With(value, x.mul_);

    /// <summary><c>x == value</c>, elementwise.</summary>
    public static Tensor EqualTo(this Tensor x, long value) => With(value, x.eq);

    /// <summary><c>x != value</c>, elementwise.</summary>
    public static Tensor NotEqualTo(this Tensor x, long value) => With(value, x.ne);

    /// <summary><c>max(x, value)</c>, elementwise.</summary>
    public static Tensor ClampMin(this Tensor x, long value) => With(value, x.clamp_min);

    /// <summary>Runs <paramref name="op"/> with <paramref name="value"/> as a Scalar that lives until it returns.</summary>
    private static Tensor With(long value, Func<Scalar, Tensor> op)
    {
        using var scalar = value.ToScalar();
        return op(scalar);
    }
}
