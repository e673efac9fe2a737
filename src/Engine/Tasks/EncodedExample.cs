namespace FedBpt.Engine.Tasks;

/// <summary>One tokenized example: ids with <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>, where the mask is, and its class.</summary>
public sealed record EncodedExample(int[] InputIds, int MaskPosition, int Label);
