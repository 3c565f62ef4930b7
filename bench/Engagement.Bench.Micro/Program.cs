using BenchmarkDotNet.Running;

// Micro-benchmarks of the fast path's in-memory steps, at 30,000 brands x 3 networks:
//   dotnet run -c Release --project bench/Engagement.Bench.Micro -- --filter '*'
// (BenchmarkDotNet's own arguments: --filter '*Window*', --job short, ...).
BenchmarkSwitcher.FromAssembly(typeof(Engagement.Bench.Micro.AggregateBenchmarks).Assembly).Run(args);
