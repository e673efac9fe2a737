using FedBpt.Engine.Data;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Data;

public class DelimitedReaderTests
{
    private static DelimitedTable Tsv(string text) => TsvReader.Read(new StringReader(text), "mem.tsv");
    private static DelimitedTable Csv(string text) => CsvReader.Read(new StringReader(text), "mem.csv");

    [Fact]
    public void TsvSplitsOnTabOnlyAndKeepsQuotes()
    {
        var table = Tsv("a\tb\n\"quoted, text\"\t1\nhe said \"hi\tthere\n");
        Assert.Equal(["a", "b"], table.Header);
        Assert.Equal(["\"quoted, text\"", "1"], table.Rows[0].Fields);
        Assert.Equal(["he said \"hi", "there"], table.Rows[1].Fields);
    }

    [Fact]
    public void TsvRaggedRowNamesFileAndLine()
    {
        var error = Assert.Throws<DataFormatException>(() => Tsv("a\tb\nx\t1\ny\n"));
        Assert.Contains("mem.tsv", error.Message);
        Assert.Contains("line 3", error.Message);
    }

    [Fact]
    public void TsvHandlesCrlfAndBlankLinesAndCountsLines()
    {
        var table = Tsv("a\tb\r\nx\t1\r\n\r\ny\t2\r\n");
        Assert.Equal([["x", "1"], ["y", "2"]], table.Rows.Select(r => r.Fields));
        Assert.Equal([2, 4], table.Rows.Select(r => r.LineNumber));
    }

    [Fact]
    public void EmptyInputAndDuplicateColumnsAreErrors()
    {
        Assert.Contains("empty", Assert.Throws<DataFormatException>(() => Tsv("")).Message);
        Assert.Contains("'a' twice", Assert.Throws<DataFormatException>(() => Tsv("a\tb\ta\n")).Message);
        Assert.Contains("empty", Assert.Throws<DataFormatException>(() => Csv("\n\n")).Message);
    }

    [Fact]
    public void MissingColumnListsTheAvailableOnes()
    {
        var error = Assert.Throws<DataFormatException>(() => Tsv("sentence\tlabel\nx\t1\n").ColumnIndex("text"));
        Assert.Contains("'text'", error.Message);
        Assert.Contains("sentence, label", error.Message);
    }

    [Fact]
    public void TsvReadsTheRealSst2DevFile()
    {
        var table = TsvReader.Read(Path.Combine(SharedPaths.Data, "sst2", "dev.tsv"));
        Assert.Equal(["sentence", "label"], table.Header);
        Assert.Equal(872, table.Rows.Count);
    }

    [Fact]
    public void TsvIgnoresAUtf8ByteOrderMark()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fedbpt-bom-{Guid.NewGuid():N}.tsv");
        try
        {
            File.WriteAllText(path, "text\tlabel\nx\t0\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Assert.Equal("text", TsvReader.Read(path).Header[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CsvFollowsRfc4180Quoting()
    {
        var table = Csv("text,label\r\n\"a, b\",1\r\n\"say \"\"hi\"\"\",0\r\n\"two\r\nlines\",1\r\nplain,\r\n");
        Assert.Equal(["a, b", "1"], table.Rows[0].Fields);
        Assert.Equal(["say \"hi\"", "0"], table.Rows[1].Fields);
        Assert.Equal(["two\r\nlines", "1"], table.Rows[2].Fields);
        Assert.Equal(["plain", ""], table.Rows[3].Fields);
        Assert.Equal([2, 3, 4, 6], table.Rows.Select(r => r.LineNumber));
    }

    [Fact]
    public void CsvKeepsAQuoteInsideAnUnquotedField() =>
        Assert.Equal(["5\" screen", "1"], Csv("text,label\n5\" screen,1\n").Rows[0].Fields);

    [Fact]
    public void CsvLastLineWithoutNewlineIsRead() =>
        Assert.Equal(["x", "1"], Csv("text,label\nx,1").Rows.Single().Fields);

    [Fact]
    public void CsvErrorsNameTheLine()
    {
        Assert.Contains("line 3", Assert.Throws<DataFormatException>(() => Csv("a,b\nx,1\n\"never closed,1\n")).Message);
        Assert.Contains("after a closing quote", Assert.Throws<DataFormatException>(() => Csv("a,b\n\"x\"y,1\n")).Message);
        var ragged = Assert.Throws<DataFormatException>(() => Csv("a,b\n\"multi\nline\",1\nonly\n"));
        Assert.Contains("mem.csv' line 4", ragged.Message);
    }

    [Fact]
    public void DelimitedFileChoosesTheReaderByExtension()
    {
        Assert.True(DelimitedFile.IsCsv("x/data.CSV"));
        Assert.False(DelimitedFile.IsCsv("x/data.tsv"));
    }
}
