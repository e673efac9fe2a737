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
}
