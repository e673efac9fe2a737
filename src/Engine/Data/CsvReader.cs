using System.Text;

namespace FedBpt.Engine.Data;

/// <summary>
/// Reads CSV with RFC 4180 quoting: a field may be wrapped in double quotes, inside which commas,
/// line breaks and doubled quotes ("") are literal. A quote inside an unquoted field is kept as an
/// ordinary character. Blank lines outside quotes are skipped; a UTF-8 BOM is ignored.
/// </summary>
public static class CsvReader
{
    public static DelimitedTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Data file '{path}' does not exist.", path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    public static DelimitedTable Read(TextReader reader, string source)
    {
        List<string>? header = null;
        var rows = new List<DelimitedRow>();
        var parser = new RecordParser(reader, source);
        while (parser.Next() is (int line, List<string> fields))
        {
            if (header is null)
            {
                DelimitedTable.CheckHeader(source, fields);
                header = fields;
                continue;
            }
            DelimitedTable.CheckWidth(source, line, fields.Count, header.Count);
            rows.Add(new DelimitedRow(line, fields));
        }
        if (header is null) throw new DataFormatException($"'{source}' is empty: a header row is required.");
        return new DelimitedTable(source, header, rows);
    }

    /// <summary>Reads one record at a time, tracking the line each record starts on.</summary>
    private sealed class RecordParser(TextReader reader, string source)
    {
        private int _line = 1;

        public (int Line, List<string> Fields)? Next()
        {
            while (true)
            {
                int next = reader.Peek();
                if (next < 0) return null;
                if (next is '\r' or '\n')
                {
                    ConsumeLineBreak();
                    continue; // blank line
                }
                int start = _line;
                return (start, ReadRecord(start));
            }
        }

        private List<string> ReadRecord(int startLine)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            while (true)
            {
                if (reader.Peek() == '"')
                {
                    reader.Read();
                    ReadQuoted(field, startLine);
                }
                else
                {
                    while (reader.Peek() is >= 0 and not (',' or '\r' or '\n')) field.Append((char)reader.Read());
                }
                fields.Add(field.ToString());
                field.Clear();
                int c = reader.Peek();
                if (c == ',')
                {
                    reader.Read();
                    continue;
                }
                if (c is '\r' or '\n') ConsumeLineBreak();
                return fields;
            }
        }

        private void ReadQuoted(StringBuilder field, int startLine)
        {
            while (true)
            {
                int c = reader.Read();
                if (c < 0) throw new DataFormatException($"'{source}' line {startLine}: a quoted field is never closed.");
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                        continue;
                    }
                    int after = reader.Peek();
                    if (after is >= 0 and not (',' or '\r' or '\n'))
                        throw new DataFormatException($"'{source}' line {_line}: unexpected '{(char)after}' after a closing quote.");
                    return;
                }
                if (c == '\n') _line++;
                if (c == '\r' && reader.Peek() != '\n') _line++;
                field.Append((char)c);
            }
        }

        private void ConsumeLineBreak()
        {
            if (reader.Read() == '\r' && reader.Peek() == '\n') reader.Read();
            _line++;
        }
    }
}
