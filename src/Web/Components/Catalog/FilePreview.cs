using System.Text;
using FedBpt.Engine.Data;
using FedBpt.Web.Catalog;

namespace FedBpt.Web.Components.Catalog;

/// <summary>
/// What the upload form can offer from a picked file before it is registered: its columns and each column's
/// distinct values, read with the engine's own TSV/CSV readers. Only a convenience: registration checks the file
/// for real and names any problem.
/// </summary>
public sealed class FilePreview
{
    private const int MaxLabelValues = 50;

    private readonly DelimitedTable? _table;

    private FilePreview(IReadOnlyList<string> columns, DelimitedTable? table)
    {
        Columns = columns;
        _table = table;
    }

    /// <summary>The header row's column names.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The file's columns, or null when not even its header row can be read.</summary>
    public static FilePreview? Of(UploadedFile file)
    {
        if (string.Equals(Path.GetExtension(file.FileName), ParquetSplitReader.Extension, StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                // Columns only: a Parquet file's label values are typed into the label editor.
                return new FilePreview(Task.Run(() => ParquetSplitReader.ColumnsAsync(new MemoryStream(file.Content ?? []))).GetAwaiter().GetResult(), null);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
            {
                return null;
            }
        }
        try
        {
            using var reader = new StreamReader(new MemoryStream(file.Content ?? []), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var table = Read(reader, file.FileName);
            return new FilePreview(table.Header, table);
        }
        catch (DataFormatException)
        {
            // A bad row further down: still offer the header (registration will name the row).
        }
        try
        {
            using var reader = new StreamReader(new MemoryStream(file.Content ?? []), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return new FilePreview(Read(new StringReader(reader.ReadLine() ?? ""), file.FileName).Header, null);
        }
        catch (DataFormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The distinct values of <paramref name="column"/>, sorted, for prefilling the label editor; empty when the
    /// file could not be read whole or the column holds too many values to be labels.
    /// </summary>
    public IReadOnlyList<string> LabelValues(string column)
    {
        if (_table is null || !_table.HasColumn(column)) return [];
        int index = _table.ColumnIndex(column);
        var values = _table.Rows.Select(r => r.Fields[index].Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)
            .Take(MaxLabelValues + 1).Order(StringComparer.Ordinal).ToArray();
        return values.Length > MaxLabelValues ? [] : values;
    }

    private static DelimitedTable Read(TextReader reader, string fileName) =>
        DelimitedFile.IsCsv(fileName) ? CsvReader.Read(reader, fileName) : TsvReader.Read(reader, fileName);
}
