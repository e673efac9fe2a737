namespace FedBpt.Storage.Entities;

/// <summary>A user-uploaded task: the validated file plus how to read it (template, columns, verbalizer).</summary>
public class Dataset
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string FileName { get; set; }
    public DatasetFormat Format { get; set; }
    /// <summary>The upload as validated; kept in the database so that a backup of one file holds everything.</summary>
    public required byte[] Content { get; set; }
    /// <summary>An optional held-out file in the same format, evaluated each round; without it the task is evaluated on <see cref="Content"/>.</summary>
    public byte[]? TestContent { get; set; }
    /// <summary>Template, column names and label → verbalizer word map, as JSON.</summary>
    public required string DefinitionJson { get; set; }
    public int Rows { get; set; }
    public int? TestRows { get; set; }
    public DateTime CreatedUtc { get; set; }
}
