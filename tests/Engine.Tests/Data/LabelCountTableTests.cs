using FedBpt.Engine.Data;

namespace FedBpt.Engine.Tests.Data;

public class LabelCountTableTests
{
    [Fact]
    public void CountsExamplesPerClientAndClass()
    {
        int[] labels = [0, 0, 1, 2, 2, 2];
        int[][] partition = [[0, 3, 4], [1, 2], [5], []];

        var table = new LabelCountTable(partition, labels, numClasses: 3);

        Assert.Equal(4, table.NumClients);
        Assert.Equal(3, table.NumClasses);
        Assert.Equal(1, table[0, 0]);
        Assert.Equal(2, table[0, 2]);
        Assert.Equal(1, table[1, 1]);
        Assert.Equal([3, 2, 1, 0], table.ClientTotals);
        Assert.Equal([2, 1, 3], table.ClassTotals);
        Assert.Equal(2.0 / 3, table.MaxClassShare(0), 12);
        Assert.Equal(1.0, table.MaxClassShare(2));
        Assert.Equal(0.0, table.MaxClassShare(3));
    }

    [Fact]
    public void SkewAndSizeSpreadSummariseTheTable()
    {
        // Sizes 30, 10, 20: mean 20, population standard deviation √(200/3); majority shares 0.9, 0.5, 1.
        var table = LabelCountTable.FromCounts([[27, 3], [5, 5], [0, 20]]);

        Assert.Equal((0.9 + 0.5 + 1) / 3, table.MeanMaxClassShare, 12);
        Assert.Equal(Math.Sqrt(200.0 / 3) / 20, table.SizeCoefficientOfVariation, 12);
        Assert.Equal(0.0, LabelCountTable.FromCounts([[4, 6], [7, 3]]).SizeCoefficientOfVariation);
    }

    [Fact]
    public void StoredRowsOfDifferentLengthsCountMissingClassesAsZero()
    {
        var table = LabelCountTable.FromCounts([[1, 2, 3], [4]]);
        Assert.Equal(3, table.NumClasses);
        Assert.Equal([6, 4], table.ClientTotals);
        Assert.Equal(0, table[1, 2]);
    }
}
