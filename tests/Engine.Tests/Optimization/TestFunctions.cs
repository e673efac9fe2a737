using FedBpt.Engine.Optimization;

namespace FedBpt.Engine.Tests.Optimization;

/// <summary>Standard CMA-ES benchmark functions (as in pycma's <c>cma.ff</c>) and a plain ask/tell driver.</summary>
internal static class TestFunctions
{
    public static double Sphere(double[] x) => x.Sum(v => v * v);

    /// <summary>Axis-parallel ellipsoid with condition number 1e6.</summary>
    public static double Ellipsoid(double[] x)
    {
        int n = x.Length;
        double f = 0;
        for (int i = 0; i < n; i++) f += Math.Pow(1e6, i / (n - 1.0)) * x[i] * x[i];
        return f;
    }

    public static double Rosenbrock(double[] x)
    {
        double f = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i] * x[i] - x[i + 1], b = x[i] - 1;
            f += 100 * a * a + b * b;
        }
        return f;
    }

    /// <summary>Runs ask/tell until the best fitness drops below <paramref name="target"/>; returns the evaluations used, or null if the budget ran out.</summary>
    public static long? EvaluationsToTarget(CmaEs es, Func<double[], double> f, double target, long budget)
    {
        while (es.Evaluations < budget)
        {
            var xs = es.Ask();
            es.Tell(xs, xs.Select(f).ToArray());
            if (es.Best!.Fitness < target) return es.Best.Evaluation;
        }
        return null;
    }
}
