using System.Text;

namespace FedBpt.Engine.Data;

/// <summary>
/// Reads raw TSV (shared/data/README.md): a header row, fields split on TAB only, quotes are
/// ordinary characters. Lines end at LF, CRLF or CR; blank lines are skipped; a UTF-8 BOM is ignored.
/// </summary>
public static class TsvReader
{
    public static DelimitedTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Data file '{path}' does not exist.", path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    public static DelimitedTable Read(TextReader reader, string source)
    {
        string[]? header = null;
        var rows = new List<DelimitedRow>();
        int lineNumber = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] fields = line.Split('\t');
            if (header is null)
            {
                DelimitedTable.CheckHeader(source, fields);
                header = fields;
                continue;
            }
            DelimitedTable.CheckWidth(source, lineNumber, fields.Length, header.Length);
            rows.Add(new DelimitedRow(lineNumber, fields));
        }
        if (header is null) throw new DataFormatException($"'{source}' is empty: a header row is required.");
        return new DelimitedTable(source, header, rows);
    }
}
