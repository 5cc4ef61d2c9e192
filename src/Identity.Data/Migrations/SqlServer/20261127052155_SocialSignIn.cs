using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Identity.Data.Migrations.SqlServer
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
                    Id = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    FactoryId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Target = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Logo = table.Column<string>(type: "nvarchar(max)", maxLength: 8192, nullable: true),
                    ProtectedConfig = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    SyncProfile = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Connectors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SignInExperiences",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SignUpIdentifiers = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    SignUpPassword = table.Column<bool>(type: "bit", nullable: false),
                    SignInMode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SocialSignInConnectorTargets = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    AutomaticAccountLinking = table.Column<bool>(type: "bit", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInExperiences", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SocialAttempts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    BrowserBinding = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ConnectorId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ReturnUrl = table.Column<string>(type: "nvarchar(max)", maxLength: 8192, nullable: false),
                    RedirectUri = table.Column<string>(type: "nvarchar(2048)", maxLength: 2048, nullable: false),
                    ProtectedCodeVerifier = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Stage = table.Column<int>(type: "int", nullable: false),
                    ProtectedProfile = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SocialAttempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SocialIdentities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    Target = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ExternalId = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Details = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
