namespace Engagement.Data.Tests;
