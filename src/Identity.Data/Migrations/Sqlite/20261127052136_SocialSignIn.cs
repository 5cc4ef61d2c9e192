using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Identity.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SocialSignIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Connectors",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FactoryId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Logo = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: true),
                    ProtectedConfig = table.Column<string>(type: "TEXT", nullable: false),
                    SyncProfile = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Connectors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SignInExperiences",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SignUpIdentifiers = table.Column<string>(type: "TEXT", nullable: false),
                    SignUpPassword = table.Column<bool>(type: "INTEGER", nullable: false),
                    SignInMode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SocialSignInConnectorTargets = table.Column<string>(type: "TEXT", nullable: false),
                    AutomaticAccountLinking = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInExperiences", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SocialAttempts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BrowserBinding = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ConnectorId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReturnUrl = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: false),
                    RedirectUri = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    ProtectedCodeVerifier = table.Column<string>(type: "TEXT", nullable: true),
                    Stage = table.Column<int>(type: "INTEGER", nullable: false),
                    ProtectedProfile = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SocialAttempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SocialIdentities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Details = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SocialIdentities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SocialIdentities_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Connectors_Target",
                table: "Connectors",
                column: "Target",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SocialAttempts_BrowserBinding",
                table: "SocialAttempts",
                column: "BrowserBinding");

            migrationBuilder.CreateIndex(
                name: "IX_SocialAttempts_ExpiresAt",
                table: "SocialAttempts",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_SocialIdentities_Target_ExternalId",
                table: "SocialIdentities",
                columns: new[] { "Target", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SocialIdentities_UserId",
                table: "SocialIdentities",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Connectors");

            migrationBuilder.DropTable(
                name: "SignInExperiences");

            migrationBuilder.DropTable(
                name: "SocialAttempts");

            migrationBuilder.DropTable(
                name: "SocialIdentities");
        }
    }
}
