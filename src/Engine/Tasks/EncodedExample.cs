namespace FedBpt.Engine.Tasks;

/// <summary>
/// One tokenized example, unpadded: every id in <paramref name="InputIds"/> is a real token
/// (<c>&lt;s&gt;</c> … <c>&lt;/s&gt;</c>). <paramref name="MaskPosition"/> indexes the first
/// <c>&lt;mask&gt;</c> in <paramref name="InputIds"/>; <paramref name="Label"/> is the class index.
/// </summary>
public sealed record EncodedExample(int[] InputIds, int MaskPosition, int Label);
