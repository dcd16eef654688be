using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Venice.Samples.Bench.FollowerIngestion4KiB).Assembly).Run(args);
