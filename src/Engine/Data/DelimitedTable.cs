namespace FedBpt.Engine.Data;

/// <summary>One data row and the 1-based line of the file it starts on.</summary>
public sealed record DelimitedRow(int LineNumber, IReadOnlyList<string> Fields);

/// <summary>A parsed TSV/CSV file: its header and rows, every row as wide as the header.</summary>
public sealed class DelimitedTable
{
    public DelimitedTable(string source, IReadOnlyList<string> header, IReadOnlyList<DelimitedRow> rows)
    {
        Source = source;
        Header = header;
        Rows = rows;
    }

    /// <summary>The file path (or the name given to a parsed stream), for messages.</summary>
    public string Source { get; }

    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<DelimitedRow> Rows { get; }

    public bool HasColumn(string column) => Header.Contains(column, StringComparer.Ordinal);

    /// <summary>The index of <paramref name="column"/>; a missing column is reported with the available ones.</summary>
    public int ColumnIndex(string column)
    {
        for (int i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], column, StringComparison.Ordinal)) return i;
        }
        throw new DataFormatException(
            $"'{Source}' has no column '{column}'. Available columns: {string.Join(", ", Header)}.");
    }

    internal static void CheckHeader(string source, IReadOnlyList<string> header)
    {
        string? duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null) throw new DataFormatException($"'{source}': the header names the column '{duplicate}' twice.");
    }

    internal static void CheckWidth(string source, int line, int fields, int headerWidth)
    {
        if (fields != headerWidth)
            throw new DataFormatException($"'{source}' line {line}: {fields} field(s), but the header has {headerWidth}.");
    }
}
