namespace Engagement.Domain.Tests;
