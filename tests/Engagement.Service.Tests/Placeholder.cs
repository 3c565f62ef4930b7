namespace Engagement.Service.Tests;
