// Placeholder entry point; filled in by its issue.
Console.Error.WriteLine("Not built yet.");
return 2;
